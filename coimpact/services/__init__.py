"""Code that writes: each function makes one whole change and leaves committing to its caller
unless its docstring says otherwise, so a command or view can make several changes atomically."""
