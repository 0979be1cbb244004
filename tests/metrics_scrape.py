"""Reading Prometheus's text format back, for the metrics tests: every
sample by name and labels."""
from prometheus_client.parser import text_string_to_metric_families

Samples = dict[tuple[str, frozenset], float]


def parse(text: str) -> Samples:
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def value(samples: Samples, name: str, **labels: str) -> float:
    """A sample's value; 0 for a series not (yet) there, as Prometheus reads a counter never incremented."""
    return samples.get((name, frozenset(labels.items())), 0.0)


def label_values(samples: Samples, name: str, label: str) -> set[str]:
    return {dict(labels)[label] for sample, labels in samples if sample == name}


def posts(samples: Samples, status: str = "201") -> float:
    """Answers to POST /v1/articles with this status."""
    return value(samples, "namesake_http_requests_total", route="/v1/articles", method="POST", status=status)
