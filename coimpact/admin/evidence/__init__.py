"""Evidence in the admin: items cut from answers, suggested links, "you said, we did" pages."""
