"""Plain Python definitions, no Flask and no database: question types, measures, SCIE's
guidance and starter set, symbols, personal-detail spotting, faithful excerpts, the snapshot a
published form version freezes, and how counts and times read."""
