"""The learned layer of triage: a classifier per field, trained on labelled texts, independent
of Django so the same code trains the product's models and the benchmark's."""
