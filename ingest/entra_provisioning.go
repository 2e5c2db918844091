package ingest

import "errors"

// EntraProvisioning is a placeholder until its decoder lands.
var EntraProvisioning = Format{
	Name:       "entra-provisioning",
	Platform:   "entra",
	Detect:     func(*Sniff) bool { return false },
	NewDecoder: func([]string) (Decoder, error) { return nil, errors.New("not implemented") },
}
