"""Contains all the data models used in inputs/outputs"""

from .device import Device
from .device_create import DeviceCreate
from .device_list import DeviceList
from .device_model import DeviceModel
from .device_model_brands import DeviceModelBrands
from .device_model_list import DeviceModelList
from .device_model_search import DeviceModelSearch
from .device_model_type import DeviceModelType
from .device_search import DeviceSearch
from .device_update import DeviceUpdate
from .error import Error
from .metadata import Metadata
from .metadata_update import MetadataUpdate
from .project_metadata import ProjectMetadata
from .property_error_detail import PropertyErrorDetail
from .sim import Sim
from .sim_status import SimStatus
from .sim_type import SimType
from .user import User
from .user_status import UserStatus

__all__ = (
    "Device",
    "DeviceCreate",
    "DeviceList",
    "DeviceModel",
    "DeviceModelBrands",
    "DeviceModelList",
    "DeviceModelSearch",
    "DeviceModelType",
    "DeviceSearch",
    "DeviceUpdate",
    "Error",
    "Metadata",
    "MetadataUpdate",
    "ProjectMetadata",
    "PropertyErrorDetail",
    "Sim",
    "SimStatus",
    "SimType",
    "User",
    "UserStatus",
)
