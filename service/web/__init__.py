"""Server-rendered pages for coordinators."""
