"""The demo project behind `flask --app app seed-demo`, and synthetic responses for benchmarks."""
