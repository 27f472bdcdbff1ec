"""Public-opinion crisis monitor.

The Python API mirrors the CLI: load a config, open the store, run stages.
"""

from monitor.analyze import Analyzer, analyze_text
from monitor.backtest import backtest_series
from monitor.collect import collect_once
from monitor.complaints import import_complaints
from monitor.config import Config, load_config, parse_config
from monitor.detection import detect_incidents
from monitor.errors import AlertError, ConfigError, InputError, MonitorError, StoreError
from monitor.export import export_mentions
from monitor.match import BrandMatcher, match_brands
from monitor.pipeline import Pipeline
from monitor.store import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "AlertError",
    "Analyzer",
    "BrandMatcher",
    "Config",
    "ConfigError",
    "InputError",
    "MonitorError",
    "Pipeline",
    "Store",
    "StoreError",
    "analyze_text",
    "backtest_series",
    "collect_once",
    "detect_incidents",
    "export_mentions",
    "import_complaints",
    "load_config",
    "match_brands",
    "open_store",
    "parse_config",
]
