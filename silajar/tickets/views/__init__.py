"""Pages of the complaint desk: the staff desk, the agency portal, the technician's phone view
and the desk settings; their routes are in `tickets/urls.py`."""
