"""Indexes for free-text search on PostgreSQL (complaints.search, docs/search.md).

- Trigram GIN indexes (pg_trgm) on the upper case of every column a search reads: what
  `icontains` compares, so a term of three letters or digits is found through them.
- `complaintdesk_cjk_grams(words)`: the CJK characters and neighbouring pairs of characters in
  the words, and a GIN index of them over the complaint's and the customer's searched columns:
  a one- or two-character Chinese term (退款) has no trigram.

The database keeps both kinds up to date on every write (the ORM, privacy erasure, the bench
seed's COPY), so nothing in the application maintains them. Built with CREATE INDEX
CONCURRENTLY (so the migration is not atomic): a large archive stays writable while it is
indexed. On other databases (SQLite) this migration does nothing and search scans.

Creating pg_trgm needs a role that may create a trusted extension (the database's owner);
taking the migration back leaves the extension in place, as something else may use it.
"""

from django.db import migrations

# Each run of CJK characters (kana, Han ideographs with extension A, the compatibility block
# and the supplementary planes, Hangul syllables: complaints.search.CJK_RANGES) gives its
# characters and its pairs of neighbours, once each.
GRAMS_FUNCTION = r"""
CREATE OR REPLACE FUNCTION complaintdesk_cjk_grams(words text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(run[1], start, size)), '{}')
    FROM regexp_matches(
            words,
            '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]+',
            'g'
         ) AS run,
         generate_series(1, length(run[1])) AS start,
         (VALUES (1), (2)) AS sizes(size)
    WHERE start + size - 1 <= length(run[1])
$$
"""
# complaints.search.COMPLAINT_GRAM_COLUMNS and CUSTOMER_GRAM_COLUMNS, in that order.
INDEXES = (
    (
        "complaint_reference_trigrams",
        "complaints_complaint USING gin (upper(reference) gin_trgm_ops)",
    ),
    ("complaint_subject_trigrams", "complaints_complaint USING gin (upper(subject) gin_trgm_ops)"),
    (
        "complaint_description_trigrams",
        "complaints_complaint USING gin (upper(description) gin_trgm_ops)",
    ),
    (
        "complaint_product_reference_trigrams",
        "complaints_complaint USING gin (upper(product_reference) gin_trgm_ops)",
    ),
    ("customer_name_trigrams", "complaints_customer USING gin (upper(name) gin_trgm_ops)"),
    ("customer_email_trigrams", "complaints_customer USING gin (upper(email) gin_trgm_ops)"),
    (
        "complaint_cjk_grams",
        "complaints_complaint USING gin (complaintdesk_cjk_grams("
        "reference || ' ' || subject || ' ' || description || ' ' || product_reference))",
    ),
    (
        "customer_cjk_grams",
        "complaints_customer USING gin (complaintdesk_cjk_grams(name || ' ' || email))",
    ),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(GRAMS_FUNCTION)
    for name, definition in INDEXES:
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {definition}")
    # The planner estimates an indexed expression from statistics that only ANALYZE gathers.
    schema_editor.execute("ANALYZE complaints_complaint")
    schema_editor.execute("ANALYZE complaints_customer")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _definition in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS complaintdesk_cjk_grams(text)")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("complaints", "0004_message_retry_at"),
    ]

    operations = [migrations.RunPython(create, drop)]
