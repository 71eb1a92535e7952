"""The accounts' pages: signing in (`signin`), one's own account (`own`), and the
administrators' users and roles (`users`)."""
