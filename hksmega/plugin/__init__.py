"""HKSMEGA site plugin: everything our site needs that Pelican does not do.

`register()` is the whole interface; each module owns one concern and exposes
module-level handlers (Pelican holds receivers by weak reference).
"""

from pelican import signals

from hksmega import addresses, problems, record
from hksmega.plugin import (
    calendars,
    data,
    drafts,
    events,
    feeds,
    i18n,
    pictures,
    reader,
    sanitise,
    searchable,
    sections,
    settings,
    sharing,
    structured_data,
    templates,
    timeline,
    typography,
    validate,
)
from hksmega.site import headers, sitemap


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
    signals.generator_init.connect(validate.validate_before_reading)
    # YAML front matter for Markdown, read strictly (errors name file and line).
    signals.readers_init.connect(reader.add_reader)
    # Titles get the typography the text gets ("Hong Kong’s"), as soon as each is read.
    signals.content_object_init.connect(typography.typeset_title)
    # Templates compiled once per process, not once per language's run.
    signals.generator_init.connect(templates.share_compiled_templates)
    # Every template sees content/data/*.yaml as `data`.
    signals.generator_init.connect(data.add_data_to_context)
    # Every page names the card that shows the association's name when it is shared.
    signals.generator_init.connect(sharing.add_share_image_to_context)
    # The home page describes the site, for every template and feed.
    signals.page_generator_finalized.connect(sharing.add_home_page_to_context)
    # UI strings go through gettext in every template, escaped like any other value.
    signals.generator_init.connect(i18n.install_translations)
    # Templates escape every value; the Markdown body and summaries are written
    # through the `sanitised` filter, the one place that marks HTML safe.
    signals.generator_init.connect(sanitise.add_template_filter)
    # Photos: `picture()` writes one <picture> in every template; Pelican copies no
    # picture as it is (the pipeline publishes them resized, without metadata).
    signals.generator_init.connect(pictures.add_template_function)
    signals.static_generator_finalized.connect(pictures.copy_only_documents)
    # The pipeline publishes the pictures of the items this build publishes, no others.
    signals.article_generator_finalized.connect(pictures.note_pictures_shown)
    signals.page_generator_finalized.connect(pictures.note_pictures_shown)
    # Templates mark the content the site search may index (site/search.py indexes it).
    signals.generator_init.connect(searchable.add_template_filter)
    # Drafts and future items are noted (record.py) before the development build
    # lists them with the published items, marked "Draft" or "Scheduled".
    signals.article_generator_pretaxonomy.connect(record.remember_drafts)
    signals.article_generator_pretaxonomy.connect(drafts.show_drafts_in_listings)
    # Event dates and the events index need every article read, categories
    # built and nothing written yet: the article generator's last signal.
    signals.article_generator_finalized.connect(events.prepare_events)
    # /events/ grouped by year is an output file of its own, written by our generator.
    signals.get_generators.connect(events.get_generators)
    # /news/ and /events/ exist (saying "nothing yet") before their first item.
    signals.get_generators.connect(sections.get_generators)
    # The header and the breadcrumbs agree on which menu section a page is in.
    signals.generator_init.connect(sections.add_template_global)
    # events.ics and each dated event's .ics are output files: a generator writes them.
    signals.get_generators.connect(calendars.get_generators)
    signals.generator_init.connect(events.add_template_filters)
    # JSON-LD for search engines from what each page shows; `json_ld` writes it safely.
    signals.generator_init.connect(structured_data.add_template_functions)
    # history.yaml links to event pages, so it is checked once every content
    # type has been read, before any page is written.
    signals.all_generators_finalized.connect(timeline.build_timeline)
    # One security policy: a <meta> tag in every page (build.py writes _headers too).
    signals.generator_init.connect(headers.add_policy_to_context)
    # Absolute addresses (canonical links, feeds, the sitemap) come from addresses.py.
    signals.generator_init.connect(addresses.add_template_filter)
    # Feed entries find their article by address, once every article is read.
    signals.article_generator_finalized.connect(feeds.index_articles_by_path)
    # Feeds give absolute addresses (SITEURL stays empty for root-relative pages).
    signals.feed_generated.connect(feeds.make_addresses_absolute)
    # Feed titles as written (Pelican strips them as HTML); event entries say when.
    signals.feed_generated.connect(feeds.literal_titles_and_dated_events)
    # A language's feeds leave out what it shows only in English.
    signals.feed_generated.connect(feeds.without_fallbacks)
    # The sitemap's entries, once every context is made (build.py writes sitemap.xml).
    signals.get_generators.connect(sitemap.get_generators)
    # What the pipeline (build.py) checks over the output tree: which source made each
    # page (messages name it), which items this build leaves out (a link to a draft
    # says so); and the dev server's quick rebuild writes only the pages it asks for.
    signals.content_written.connect(record.remember_page)
    signals.page_generator_finalized.connect(record.remember_drafts)
    signals.get_writer.connect(record.get_writer)
