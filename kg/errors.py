"""The small set of exceptions the library raises; the CLI maps them to exit codes."""


class KGError(Exception):
    """Base class: a message a human can act on, shown without a traceback."""


class AnnotationError(KGError):
    """An annotation, metadata or registry file is malformed (message names file:line)."""


class ValidationFailed(KGError):
    """The built graph does not conform to the SHACL shapes."""

    def __init__(self, message: str, report_text: str = ""):
        super().__init__(message)
        self.report_text = report_text


class QueryError(KGError):
    """A SPARQL query is malformed, refused or failed."""
