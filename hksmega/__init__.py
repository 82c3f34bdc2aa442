"""The HKSMEGA website's own code, one package in three rooms, data flowing one way:

- `plugin/`: runs inside Pelican, once per language's site (PLUGINS =
  ["hksmega.plugin"]; its __init__.py says which module does what): validate every
  content and data file against its schema (schemas.py, validate.py), read each
  one once (reader.py), take each page's text in the site's language
  (translations.py), and give the templates what they show (events, timeline,
  data, feeds, typography, the UI strings and dates in i18n.py, the sanitised HTML,
  the JSON-LD in structured_data.py, the share card each page names in
  sharing.py, what the search indexes in searchable.py), and write the events
  calendars (calendars.py).
- `build.py`: the pipeline. It runs Pelican for each language (languages.py, the
  one table of them), in processes side by side, then the steps over the whole
  output tree once (`site/`): the stylesheet, _headers, the share cards
  (share_image.py), the sitemap, each language's search index (search.py:
  Pagefind, of the pages plugin/searchable.py marks), and the
  checks of every link (links.py), page weight (weight.py) and output file
  (golive.py), from each page read once (pages.py). `record.py` carries what one
  build knows from the plugin to the pipeline.
- `tools/`: what editors and maintainers run through tasks.py: check, the dev
  server, publish, new (scaffold), translations (catalogues), bench, the local
  server.

`problems.py` (the one Problem type) and `addresses.py` (absolute addresses)
serve all three.
"""
