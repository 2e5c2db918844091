package ingest

import (
	"errors"
	"strings"

	"github.com/valyala/fastjson"
)

// Entra provisioning job configuration (GET …/synchronization/jobs/{id}): connector rows, not events.

// isEntraSecret recognises synchronization secrets ({"key":"SecretToken","value":…}) and
// validateCredentials bodies: credentials are never read, not even into a reject.
func isEntraSecret(v *fastjson.Value) bool {
	if field(v, "jobId") != nil || field(v, "templateId") != nil {
		return false
	}
	return field(v, "key") != nil && field(v, "value") != nil || field(v, "credentials") != nil
}

// isEntraJob recognises a synchronizationJob: templateId with a schedule or status.
func isEntraJob(v *fastjson.Value) bool {
	return field(v, "templateId") != nil && field(v, "jobId") == nil &&
		(field(v, "schedule") != nil || field(v, "status") != nil)
}

// decodeEntraJob stores a provisioning job configuration as a connector.
func decodeEntraJob(v *fastjson.Value, b *Batch) error {
	id := jsonText(field(v, "id"))
	if id == "" {
		return errors.New("synchronization job: missing id")
	}
	status := field(v, "status")
	b.AddConnector(Connector{
		Platform:    "entra",
		Tenant:      tenantFromJobID(id),
		ConnectorID: id,
		Enabled:     scheduleEnabled(jsonText(field(field(v, "schedule"), "state"))),
		Status:      entraJobStatus(status),
		Origin:      "config",
	})
	return nil
}

// entraJobStatus is status.code plus the quarantine's error code (or reason) when quarantined:
// "Quarantine: SalesforceInvalidCredentials".
func entraJobStatus(status *fastjson.Value) string {
	code := jsonText(field(status, "code"))
	quarantine := field(status, "quarantine")
	why := jsonText(field(field(quarantine, "error"), "code"))
	if why == "" {
		why = jsonText(field(quarantine, "reason"))
	}
	switch {
	case why == "":
		return code
	case code == "":
		return why
	}
	return code + ": " + why
}

func scheduleEnabled(state string) *bool {
	var on bool
	switch strings.ToLower(state) {
	case "active":
		on = true
	case "disabled":
		on = false
	default:
		return nil
	}
	return &on
}

// tenantFromJobID reads the Entra tenant out of a job id <templateId>.<tenant without dashes>.<guid>.
func tenantFromJobID(jobID string) string {
	parts := strings.Split(jobID, ".")
	if len(parts) < 2 || len(parts[1]) != 32 || !isHex(parts[1]) {
		return ""
	}
	t := strings.ToLower(parts[1])
	return t[:8] + "-" + t[8:12] + "-" + t[12:16] + "-" + t[16:20] + "-" + t[20:]
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
