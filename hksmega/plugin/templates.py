"""Templates compiled once per process, not once per Pelican run.

Pelican makes a new Jinja environment for every run: three per build (one per
language), and one more for every rebuild of the dev server, each compiling
every template again. Jinja keys compiled code by template name and source
checksum, so an edited template is compiled afresh; this cache only keeps it in
memory, for the runs of one process.
"""

from jinja2 import BytecodeCache


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self):
        self.compiled = {}

    @staticmethod
    def key(bucket):
        """The template, and what of its environment changes how it compiles."""
        env = bucket.environment
        escapes = env.autoescape("page.html") if callable(env.autoescape) else env.autoescape
        return (bucket.key, tuple(sorted(env.extensions)), env.trim_blocks, env.lstrip_blocks,
                env.keep_trailing_newline, escapes)

    def load_bytecode(self, bucket):
        code = self.compiled.get(self.key(bucket))
        if code is not None and code[0] == bucket.checksum:
            bucket.code = code[1]

    def dump_bytecode(self, bucket):
        self.compiled[self.key(bucket)] = (bucket.checksum, bucket.code)


CACHE = MemoryBytecodeCache()


def share_compiled_templates(generator):
    """generator_init: before the generator loads a template."""
    generator.env.bytecode_cache = CACHE
