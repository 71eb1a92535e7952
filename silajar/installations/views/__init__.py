"""The installation request pages, by concern: `pages` (list, request page, steps' targets),
`filing` (filing a request, the letter to print), `files` (stored files and documents)."""
