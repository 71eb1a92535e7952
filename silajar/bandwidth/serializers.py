"""The distribution in the API: an allocation, and the bodies that add or change one."""

from rest_framework import serializers

from silajar.bandwidth.choices import ConsumerKind


class AllocationSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        help_text="The allocation's number, kept from version to version", source="key"
    )
    consumer = serializers.CharField()
    kind = serializers.ChoiceField(choices=ConsumerKind.choices)
    parent = serializers.IntegerField(
        allow_null=True, source="parent_key", help_text="The id of the queue it is under"
    )
    cir_mbps = serializers.IntegerField(help_text="Guaranteed rate (limit-at), Mbps")
    mir_mbps = serializers.IntegerField(help_text="Maximum rate (max-limit), Mbps")
    priority = serializers.IntegerField(help_text="1 (first) to 8 (last)")
    target = serializers.CharField(help_text="Subnets (CIDR) or router interfaces, by commas")
    organization = serializers.IntegerField(
        allow_null=True, source="organization_id", help_text="The agency served, if any"
    )


class DistributionSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    version = serializers.IntegerField(help_text="The version in force (0: none yet)")
    capacity_mbps = serializers.IntegerField()
    allocations = AllocationSerializer(many=True)


class AllocationBody(serializers.Serializer):
    consumer = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=ConsumerKind.choices)
    parent = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2_000_000_000
    )
    cir_mbps = serializers.IntegerField(min_value=0, max_value=10_000_000)
    mir_mbps = serializers.IntegerField(min_value=0, max_value=10_000_000)
    priority = serializers.IntegerField(required=False, default=8, min_value=1, max_value=8)
    target = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    organization = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2_000_000_000
    )
    version = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=2_000_000_000,
        help_text="The distribution's version you saw (409 when it changed since)",
    )


class AllocationUpdateBody(AllocationBody):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)


class VersionOnlyBody(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=0, max_value=2_000_000_000)
