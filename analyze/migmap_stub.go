package analyze

import (
	"time"

	"github.com/BurntSushi/toml"
)

// Placeholder for the map types until the map branch lands (same shapes).
type Map struct {
	Path    string
	Cutover time.Time
	Grace   time.Duration
	Old     Side
	New     Side
	Apps    []App
}

type Side struct {
	Platforms         []string
	Tenants           []string
	Endpoints         []string
	TokenFingerprints []string
}

type App struct {
	Name     string
	Aliases  []string
	Endpoint string
	Owner    string
}

// LoadMap is a stand-in until the map branch lands.
func LoadMap(path string) (*Map, error) {
	var raw struct {
		Cutover time.Time
		Grace   string
		Old     struct{ Platforms, Tenants, Endpoints, Token_fingerprints []string }
		New     struct{ Platforms, Tenants, Endpoints, Token_fingerprints []string }
		Apps    []struct {
			Name, Endpoint, Owner string
			Aliases               []string
		}
	}
	if _, err := toml.DecodeFile(path, &raw); err != nil {
		return nil, err
	}
	g, _ := time.ParseDuration(raw.Grace)
	m := &Map{Path: path, Cutover: raw.Cutover.UTC(), Grace: g,
		Old: Side{raw.Old.Platforms, raw.Old.Tenants, raw.Old.Endpoints, raw.Old.Token_fingerprints},
		New: Side{raw.New.Platforms, raw.New.Tenants, raw.New.Endpoints, raw.New.Token_fingerprints}}
	for _, a := range raw.Apps {
		m.Apps = append(m.Apps, App{a.Name, a.Aliases, a.Endpoint, a.Owner})
	}
	return m, nil
}
