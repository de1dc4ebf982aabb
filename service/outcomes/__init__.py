"""Use cases after a hearing: outcomes, agreements, obligations, hours, deadlines, completion."""
