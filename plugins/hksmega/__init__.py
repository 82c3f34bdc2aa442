"""HKSMEGA site plugin: everything our site needs that Pelican does not do.

`register()` is the whole interface; each module owns one concern and exposes
module-level handlers (Pelican holds receivers by weak reference).
"""

from pelican import signals

from . import (
    assets, check, data, drafts, events, feeds, frontmatter, headers, i18n, linkcheck, outputcheck,
    pageweight, problems, sanitise, sections, settings, sitemap, timeline,
)
from . import typography


def register():
    # Check our settings before anything is read, so a typo stops the build early.
    signals.initialized.connect(settings.check_settings)
    # Bad content fails the build with its list of problems, not a traceback.
    problems.hide_tracebacks_of_content_errors()
    # A warning repeated in a second in-process build must fail it too.
    signals.initialized.connect(problems.forget_logged_warnings)
    # Validate every content and data file against its schema before Pelican reads
    # any (it would log a bad file and skip it). The article generator is made
    # first, on every build and rebuild, so this runs before all our other handlers.
    signals.generator_init.connect(check.validate_before_reading)
    # YAML front matter for Markdown, read strictly (errors name file and line).
    signals.readers_init.connect(frontmatter.add_reader)
    # Titles get the typography the text gets ("Hong Kong’s"), as soon as each is read.
    signals.content_object_init.connect(typography.typeset_title)
    # Every template sees content/data/*.yaml as `data`.
    signals.generator_init.connect(data.add_data_to_context)
    # UI strings go through gettext in every template, escaped like any other value.
    signals.generator_init.connect(i18n.install_translations)
    # Templates escape every value; the Markdown body and summaries are written
    # through the `sanitised` filter, the one place that marks HTML safe.
    signals.generator_init.connect(sanitise.add_template_filter)
    # One fingerprinted stylesheet, bundled from theme/css/*.css.
    signals.initialized.connect(assets.add_stylesheet_to_settings)
    signals.finalized.connect(assets.write_stylesheet)
    # The dev server lists drafts with the published items, marked "Draft".
    signals.article_generator_pretaxonomy.connect(drafts.show_drafts_in_listings)
    # Event dates and the events index need every article read, categories
    # built and nothing written yet: the article generator's last signal.
    signals.article_generator_finalized.connect(events.prepare_events)
    # /events/ grouped by year is an output file of its own, written by our generator.
    signals.get_generators.connect(events.get_generators)
    # /news/ and /events/ exist (saying "nothing yet") before their first item.
    signals.get_generators.connect(sections.get_generators)
    signals.generator_init.connect(events.add_template_filters)
    # history.yaml links to event pages, so it is checked once every content
    # type has been read, before any page is written.
    signals.all_generators_finalized.connect(timeline.build_timeline)
    # One security policy: a <meta> tag in every page and _headers for hosts that read it.
    signals.generator_init.connect(headers.add_policy_to_context)
    signals.finalized.connect(headers.write_headers_file)
    # Feeds give absolute addresses (SITEURL stays empty for root-relative pages).
    signals.feed_generated.connect(feeds.make_addresses_absolute)
    # Feed titles as written (Pelican strips them as HTML); event entries say when.
    signals.feed_generated.connect(feeds.literal_titles_and_dated_events)
    # sitemap.xml is a new output file: a generator of its own, run after all contexts.
    signals.get_generators.connect(sitemap.get_generators)
    # Every internal link and image of the built site must resolve; the broken
    # ones are reported by the source file that holds them.
    signals.initialized.connect(linkcheck.forget_sources)
    signals.content_written.connect(linkcheck.remember_source)
    # A link to a draft is broken on the public site: the message says it is a draft.
    signals.article_generator_finalized.connect(linkcheck.remember_unpublished)
    signals.page_generator_finalized.connect(linkcheck.remember_unpublished)
    signals.finalized.connect(linkcheck.check_built_site)
    # Nothing hidden (.git, .env) and no symbolic link in any build's output.
    signals.finalized.connect(outputcheck.check_built_site)
    # Every page within the first-view budget (the test suite's gate uses the same code).
    signals.finalized.connect(pageweight.check_built_site)
