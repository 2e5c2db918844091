package ingest

import "errors"

// SCIMAccess is a placeholder until its decoder lands.
var SCIMAccess = Format{
	Name:       "scim-access",
	Platform:   "",
	Detect:     func(*Sniff) bool { return false },
	NewDecoder: func([]string) (Decoder, error) { return nil, errors.New("not implemented") },
}
