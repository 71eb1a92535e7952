"""The inventory's API representations and bodies."""

from __future__ import annotations

from rest_framework import serializers

from silajar.core.access import visible
from silajar.core.api import IdField
from silajar.inventory.choices import CableType, DeviceKind, DeviceStatus, PortState
from silajar.inventory.models import Cable, Device, Port
from silajar.inventory.services import DEVICE_FIELDS
from silajar.organizations.models import Location


class VisibleRelated(serializers.PrimaryKeyRelatedField):
    """A related record among those the requesting user sees (404-like: "does not exist")."""

    def get_queryset(self):
        return visible(self.context["request"].user, self.queryset.model)


class DeviceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Device
        fields = ["id", *DEVICE_FIELDS, "version"]
        read_only_fields = fields


class DeviceBody(serializers.ModelSerializer):
    location = VisibleRelated(queryset=Location.objects.all())

    class Meta:
        model = Device
        fields = list(DEVICE_FIELDS)
        extra_kwargs = {"name": {"validators": []}}


class DeviceUpdateBody(DeviceBody):
    location = VisibleRelated(queryset=Location.objects.all(), required=False)
    version = serializers.IntegerField(required=False)

    class Meta(DeviceBody.Meta):
        fields = [*DeviceBody.Meta.fields, "version"]
        extra_kwargs = {name: {"required": False} for name in DeviceBody.Meta.fields} | {
            "name": {"validators": [], "required": False}
        }


class DeviceFilterSerializer(serializers.Serializer):
    location = IdField(required=False)
    kind = serializers.ChoiceField(choices=DeviceKind.choices, required=False)
    status = serializers.ChoiceField(choices=DeviceStatus.choices, required=False)
    q = serializers.CharField(required=False, max_length=100)


class CableRef(serializers.ModelSerializer):
    class Meta:
        model = Cable
        fields = ["id", "label"]


class PortSerializer(serializers.ModelSerializer):
    cable = CableRef(read_only=True)

    class Meta:
        model = Port
        fields = [
            "id",
            "device",
            "name",
            "kind",
            "speed_mbps",
            "vlan",
            "position",
            "side",
            "state",
            "cable",
            "reservation",
            "reserved_at",
        ]
        read_only_fields = fields


class PortFilterSerializer(serializers.Serializer):
    device = IdField(required=False)
    state = serializers.ChoiceField(choices=PortState.choices, required=False)
    location = IdField(required=False)


class PortRef(serializers.ModelSerializer):
    class Meta:
        model = Port
        fields = ["id", "name"]


class DeviceRef(serializers.ModelSerializer):
    class Meta:
        model = Device
        fields = ["id", "name", "kind"]


class TraceStepSerializer(serializers.Serializer):
    port = PortRef()
    device = DeviceRef()
    cable = CableRef(allow_null=True)


class TraceSerializer(serializers.Serializer):
    path = TraceStepSerializer(many=True)


class CableSerializer(serializers.ModelSerializer):
    ports = serializers.SerializerMethodField()

    class Meta:
        model = Cable
        fields = ["id", "label", "cable_type", "length_m", "ports", "version"]
        read_only_fields = fields

    def get_ports(self, cable: Cable) -> list[dict]:
        ends = sorted(cable.ports.all(), key=lambda p: p.pk)
        return [{"id": p.pk, "name": p.name, "device": p.device_id} for p in ends]


class CableBody(serializers.Serializer):
    a_port = VisibleRelated(queryset=Port.objects.all())
    b_port = VisibleRelated(queryset=Port.objects.all())
    label = serializers.CharField(required=False, allow_blank=True, max_length=100)
    cable_type = serializers.ChoiceField(choices=CableType.choices, required=False)
    length_m = serializers.DecimalField(
        max_digits=7, decimal_places=1, required=False, allow_null=True, min_value=0
    )


class CapacityDeviceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    ports = serializers.IntegerField()
    free_ports = serializers.IntegerField()
    reserved_ports = serializers.IntegerField()
    free_positions = serializers.IntegerField(required=False)


class CapacitySerializer(serializers.Serializer):
    location = serializers.IntegerField()
    free_switch_ports = serializers.IntegerField()
    free_panel_positions = serializers.IntegerField()
    devices = CapacityDeviceSerializer(many=True)


class ReservePortsBody(serializers.Serializer):
    ports = serializers.ListField(child=IdField(), max_length=48)
