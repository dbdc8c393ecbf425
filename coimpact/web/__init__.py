"""What every request passes through: the request class, response headers, error pages, and
keeping tokens and answers out of the logs."""
