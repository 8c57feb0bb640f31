# nbgrader's configuration for the course of the Go concurrency notebooks.
# The sources are in source/<lesson>/<lesson>.ipynb; their answer cells hold
# Go, so the code stub is a Go comment. See the README's section for
# teachers: grade in a course folder made by `go run ./tools/course setup DIR`,
# where the helper package is found from nbgrader's deeper folders too.
c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.ClearSolutions.code_stub = {"go": "// YOUR CODE HERE"}
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"

# A check gives up after its own deadline (seconds at most); this bounds a
# cell that does not, and the helper's first import, which compiles it.
c.Execute.timeout = 120
