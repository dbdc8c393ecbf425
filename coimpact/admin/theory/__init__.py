"""The Theory of Change in the admin: projects and their overview, outcomes, elements and
indicators."""
