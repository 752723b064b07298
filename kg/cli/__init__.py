"""The ``kg`` command line: parse options, call the library, print the result.

Exit codes (as pySHACL): 0 success / conforms, 1 violations, 2 error. Errors are one line per
problem, never a traceback.
"""

from __future__ import annotations

import logging

import click

from . import build, curate, docs, extract, query, serve, synth


@click.group()
@click.version_option(package_name="cuba-venezuela-kg")
def cli():
    """Build, check, query and serve the Cuba–Venezuela news knowledge graph."""
    # rdflib logs a traceback for each ill-typed literal it reads (a 30 February): the shapes
    # report that value on its file:line, and the command line prints no tracebacks.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)


for command in (curate.check, curate.coverage, extract.extract, build.build, build.validate,
                build.pitfalls, build.export, build.stats, docs.docs, query.query, serve.serve,
                serve.load, synth.synth):
    cli.add_command(command)
