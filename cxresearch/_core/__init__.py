"""The shared core: argument and column checks (one template), row accounting, the result
base class, the Kano categories, and small shared statistics. Private: capabilities import
from here; users import from the capability modules."""
