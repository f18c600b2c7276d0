from . import controllers
from . import models
from . import wizard


def _generate_license_signing_keys(env):
    """Every company gets its Ed25519 key at install; new companies get one on creation."""
    env["res.company"].search([])._generate_license_signing_key()
