"""Forms of the complaint desk, by concern: the ticket page's workflow actions, the staff desk,
the agency portal and the desk settings."""
