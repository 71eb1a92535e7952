"""The internet side's pages: providers (`providers`), links and their outages (`links`)."""
