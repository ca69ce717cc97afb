#!/bin/sh
# One-shot setup of the Temporal namespace and the search attributes
# huntflow's workflows set (ThreatLevel, Category). Run by the
# temporal-admin-tools service; safe to run again.
set -eu

address="${TEMPORAL_ADDRESS:-temporal:7233}"
namespace="${TEMPORAL_NAMESPACE:-default}"
retention="${TEMPORAL_RETENTION:-72h}"

echo "waiting for Temporal at ${address}"
tries=0
until temporal operator cluster health --address "${address}" >/dev/null 2>&1; do
	tries=$((tries + 1))
	if [ "${tries}" -ge 60 ]; then
		echo "Temporal at ${address} is not healthy after 120s" >&2
		exit 1
	fi
	sleep 2
done

if temporal operator namespace describe --address "${address}" --namespace "${namespace}" >/dev/null 2>&1; then
	echo "namespace ${namespace} exists"
else
	echo "creating namespace ${namespace}"
	temporal operator namespace create --address "${address}" --namespace "${namespace}" --retention "${retention}"
fi

existing="$(temporal operator search-attribute list --address "${address}" --namespace "${namespace}")"
for name in ThreatLevel Category; do
	if printf '%s\n' "${existing}" | grep -qw "${name}"; then
		echo "search attribute ${name} exists"
	else
		echo "creating search attribute ${name} (Keyword)"
		temporal operator search-attribute create --address "${address}" --namespace "${namespace}" \
			--name "${name}" --type Keyword
	fi
done
echo "Temporal setup done"
