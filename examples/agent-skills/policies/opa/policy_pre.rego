# Pre-execution policy for the ORCA runtime.
# Served by OPA at /v1/data/orca/policy/pre (see bundle_manifest.json).
package orca.policy.pre

import rego.v1

default result := {"status": "allow", "reason": null}

result := {"status": "block", "reason": "same_tenant_context_missing"} if {
	"same_tenant" in input.safety.allowed_targets
	not input.context_tenant_id
}
