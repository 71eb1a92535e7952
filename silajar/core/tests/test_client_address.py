"""The client's address behind the proxies (issue 10, point 1): one function, the proxy count
applied to X-Forwarded-For from a trusted peer only; `check --deploy` warns when the count is
not set."""

import pytest
from django.test import RequestFactory, override_settings

from silajar.core.checks import proxy_count
from silajar.core.middleware import request_client_address

CLIENT, FORGED, OUTER_PROXY = "198.51.100.7", "203.0.113.66", "192.0.2.10"


def address(*, count, forwarded=None, peer="127.0.0.1", trusted=("127.0.0.1", "::1")):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    with override_settings(SILAJAR_PROXY_COUNT=count, SILAJAR_TRUSTED_PROXIES=list(trusted)):
        return request_client_address(RequestFactory().get("/", **headers))


@pytest.mark.parametrize("count", [None, 0])
def test_without_a_proxy_count_no_header_is_read(count):
    assert address(count=count, forwarded=FORGED) == "127.0.0.1"


def test_one_proxy_names_the_client_whatever_the_client_wrote():
    # nginx appends the address it saw to what the client sent
    assert address(count=1, forwarded=CLIENT) == CLIENT
    assert address(count=1, forwarded=f"{FORGED}, {CLIENT}") == CLIENT
    assert address(count=1, forwarded=f"{FORGED},{FORGED}  ,  {CLIENT}") == CLIENT


def test_two_proxies_name_what_the_outer_one_saw():
    assert address(count=2, forwarded=f"{FORGED}, {CLIENT}, {OUTER_PROXY}") == CLIENT
    # the outer proxy was bypassed: the address nginx saw is the client's
    assert address(count=2, forwarded=CLIENT) == CLIENT


def test_a_peer_that_is_not_a_trusted_proxy_is_the_client():
    assert address(count=1, forwarded=FORGED, peer="10.1.2.3") == "10.1.2.3"
    assert address(count=1, forwarded=CLIENT, peer="10.1.2.3", trusted=["10.1.0.0/16"]) == CLIENT
    assert address(count=1, forwarded=CLIENT, peer="::1") == CLIENT


def test_what_is_not_an_address_is_never_taken():
    assert address(count=1, forwarded="unknown") == "127.0.0.1"
    assert address(count=1, forwarded="") == "127.0.0.1"
    assert address(count=1, forwarded=f"{CLIENT}, ") == "127.0.0.1"


def test_an_ipv4_address_mapped_into_ipv6_is_written_as_ipv4():
    assert address(count=1, forwarded=CLIENT, peer="::ffff:127.0.0.1") == CLIENT
    assert address(count=1, forwarded=f"::ffff:{CLIENT}") == CLIENT


@pytest.mark.parametrize(
    ("debug", "count", "warned"),
    [(False, None, True), (False, 0, False), (False, 1, False), (True, None, False)],
)
def test_check_deploy_warns_when_the_proxy_count_is_not_set(debug, count, warned):
    with override_settings(DEBUG=debug, SILAJAR_PROXY_COUNT=count):
        assert [message.id for message in proxy_count()] == (["silajar.W001"] if warned else [])
