"""Static files storage: WhiteNoise's compressed manifest (hashed names, served with
far-future `Cache-Control: max-age=315360000, public, immutable`), without source maps.

The vendored minified files end with `sourceMappingURL` comments for .map files we do not
ship; Django's manifest storage rewrites those references and fails collectstatic when the
file is missing. Their patterns are dropped here: browsers ask for maps only when devtools
are open, and a 404 there harms nothing.
"""

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    def keep(pattern) -> bool:
        text = pattern[0] if isinstance(pattern, tuple) else pattern
        return "sourceMappingURL" not in text

    return tuple((glob, tuple(p for p in found if keep(p))) for glob, found in patterns)


class StaticStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(ManifestStaticFilesStorage.patterns)
