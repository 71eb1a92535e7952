"""What the drill found: a timeline of requests and probes, the outage's times, recovery, the error
pages, the checks; the failures that make it fail, and the printed summary."""

from __future__ import annotations

from collections import Counter

from restartkit.probing import PROBE_PATHS, leaks


def report(args, recorder, prober, outage, before, after, amcheck_result, var_dir) -> dict:
    events = [e for e in recorder.events if e["end"] >= 0]
    back, grace_end = outage["back_at"], outage["back_at"] + args.grace
    buckets = []
    for low in range(0, int(args.duration + args.bucket - 1), args.bucket):
        high = low + args.bucket
        inside = [e for e in events if low <= e["end"] < high]
        probes = [a for a in prober.answers if low <= a["start"] < high]
        buckets.append(
            {
                "from": low,
                "to": high,
                "requests": len(inside),
                "ok": sum(1 for e in inside if not e["error"]),
                "errors": sum(1 for e in inside if e["error"]),
                "conflicts": sum(1 for e in inside if e["conflict"]),
                "probe_ok": sum(1 for a in probes if 200 <= a["status"] < 300),
                "probe_errors": sum(1 for a in probes if not 200 <= a["status"] < 300),
                "database_down": low < outage["back_at"] and high > outage["stop_at"],
            }
        )
    failed = [e for e in events if e["error"]]
    early = [e for e in failed if e["end"] < outage["stop_at"]]
    late = [e for e in failed if e["start"] >= grace_end]
    during = [e for e in failed if e not in early and e not in late]
    after_errors = [e["end"] for e in failed if e["end"] >= back]
    first_ok = min(
        (e["end"] for e in events if not e["error"] and e["start"] >= back), default=None
    )
    probe_ok = min(
        (a["start"] for a in prober.answers if a["start"] >= back and a["status"] == 200),
        default=None,
    )
    pages = prober.error_pages
    page_leaks = []
    for page in pages:
        found = leaks(page["body"])
        if found or page["status"] not in (500, 503):
            page_leaks.append({"t": page["t"], "status": page["status"], "leaks": found})
    sample_leaks = [s for s in recorder.error_samples if leaks(s["error"])]
    checks = [c for c in after if c["check"] != "counted"]
    result = {
        "config": {
            "users": args.users,
            "duration_s": args.duration,
            "restart_at_s": args.restart_at,
            "down_s": args.down,
            "mode": args.mode,
            "grace_s": args.grace,
            "tickets": args.tickets,
            "workers": args.workers,
            "threads": args.threads,
        },
        "outage": {k: round(v, 2) if isinstance(v, float) else v for k, v in outage.items()},
        "timeline": buckets,
        "requests": len(events),
        "errors": {
            "before_restart": len(early),
            "outage_window": len(during),
            "after_grace": len(late),
            "outage_by_status": dict(Counter(str(e["status"]) for e in during)),
            "outage_by_kind": dict(Counter(e["kind"] for e in during).most_common(10)),
        },
        "recovery": {
            "first_success_after_back_s": round(first_ok - back, 2) if first_ok else None,
            # None: no request failed once the database was accepting connections again
            "last_error_after_back_s": round(max(after_errors) - back, 2) if after_errors else None,
            "probe_first_200_after_back_s": round(probe_ok - back, 2) if probe_ok else None,
            "successes_after_grace": sum(
                1 for e in events if not e["error"] and e["start"] >= grace_end
            ),
        },
        "error_pages": {
            "checked": len(pages),
            "statuses": dict(Counter(str(p["status"]) for p in pages)),
            "bad": page_leaks,
            # the first error page of each path, as the person saw it (trimmed)
            "examples": {
                path: next((p["body"][:600] for p in pages if p["path"] == path), None)
                for path in PROBE_PATHS
            },
            "samples_with_leaks": sample_leaks[:5],
        },
        "consistency_before": before,
        "consistency_after": after,
        "amcheck": amcheck_result,
        "var_dir": str(var_dir),
    }
    result["failures"] = failures(result, outage, checks)
    return result


def failures(result: dict, outage: dict, checks: list[dict]) -> list[str]:
    found = []
    errors, recovery, pages = result["errors"], result["recovery"], result["error_pages"]
    if errors["before_restart"]:
        found.append(f"{errors['before_restart']} errors before the restart")
    if errors["after_grace"]:
        found.append(
            f"{errors['after_grace']} errors more than the grace after the database was back"
        )
    if not recovery["successes_after_grace"]:
        found.append("no successful request after the database was back")
    if outage["postmaster_before"] == outage["postmaster_after"]:
        found.append("the database did not restart (same postmaster start time)")
    if outage["workers_before"] != outage["workers_after"]:
        found.append("gunicorn's workers changed during the run (a worker died)")
    found += [
        f"consistency before the load: {c['check']} — {c['broken']} broken"
        for c in result["consistency_before"]
        if c["broken"]
    ]
    found += [f"consistency: {c['check']} — {c['broken']} broken" for c in checks if c["broken"]]
    if not result["amcheck"]["ok"]:
        found.append("pg_amcheck reported corruption")
    if pages["bad"] or pages["samples_with_leaks"]:
        found.append("an error page was not a clean 500/503 (see error_pages)")
    return found


def summary(result: dict) -> str:
    config, outage, errors = result["config"], result["outage"], result["errors"]
    recovery, pages = result["recovery"], result["error_pages"]
    lines = [
        "",
        f"Database restart drill: {config['users']} users × {config['duration_s']} s, restart "
        f"at {config['restart_at_s']:.0f} s (stop -m {config['mode']}, "
        f"{config['down_s']:.0f} s down), "
        f"gunicorn -w {config['workers']} --threads {config['threads']}",
        f"{'t (s)':>9}{'requests':>10}{'ok':>6}{'errors':>8}{'409s':>6}{'probe ok/err':>14}",
    ]
    for b in result["timeline"]:
        lines.append(
            f"{b['from']:>4}–{b['to']:<4}{b['requests']:>10}{b['ok']:>6}{b['errors']:>8}"
            f"{b['conflicts']:>6}{b['probe_ok']:>8}/{b['probe_errors']:<5}"
            + ("  database down" if b["database_down"] else "")
        )
    after = {c["check"]: c for c in result["consistency_after"]}
    counted = after.pop("counted")
    before = [c for c in result["consistency_before"] if c["check"] != "counted"]
    lines += [
        f"database: stop at {outage['stop_at']:.1f} s, down at {outage['down_at']:.1f} s, start at "
        f"{outage['start_at']:.1f} s, accepting connections at {outage['back_at']:.1f} s "
        f"(away {outage['back_at'] - outage['stop_at']:.1f} s)",
        f"requests: {result['requests']:,}; errors: {errors['before_restart']} before the restart, "
        f"{errors['outage_window']} in the outage window (by status: "
        f"{', '.join(f'{k}: {v}' for k, v in errors['outage_by_status'].items()) or '–'}), "
        f"{errors['after_grace']} from {config['grace_s']:.0f} s after the database was back on",
        "recovery after the database was back: first success "
        f"+{recovery['first_success_after_back_s']} s, "
        + (
            f"last error +{recovery['last_error_after_back_s']} s, "
            if recovery["last_error_after_back_s"] is not None
            else "no error after it was back, "
        )
        + f"probe's first 200 +{recovery['probe_first_200_after_back_s']} s; gunicorn workers "
        + ("unchanged" if outage["workers_before"] == outage["workers_after"] else "CHANGED"),
        f"error pages read by the probe: {pages['checked']} "
        f"({', '.join(f'{k}: {v}' for k, v in pages['statuses'].items()) or '–'}), "
        + ("none shows a traceback or SQL" if not pages["bad"] else f"{len(pages['bad'])} BAD"),
        f"consistency before the load: {sum(1 for c in before if not c['broken'])}/{len(before)} "
        f"checks pass; after ({counted['tickets']:,} tickets, "
        f"{counted['installation_requests']:,} installation requests, "
        f"{counted['audit_events']:,} audit events): "
        f"{sum(1 for c in after.values() if not c['broken'])}/{len(after)} checks pass; "
        f"pg_amcheck: {'no corruption' if result['amcheck']['ok'] else 'CORRUPTION'}",
    ]
    for name, check in after.items():
        lines.append(f"  {'ok ' if not check['broken'] else 'BAD'} {name}")
    for failure in result["failures"]:
        lines.append(f"FAIL {failure}")
    lines.append("PASS" if not result["failures"] else "FAILED")
    return "\n".join(lines)
