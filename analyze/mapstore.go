package analyze

import (
	"context"
	"database/sql"
	"strings"
)

// loadMap replaces the map and settings tables of the store with m (nil: no map) and s.
func loadMap(ctx context.Context, conn *sql.Conn, m *Map, s Settings) error {
	for _, table := range []string{"map_settings", "map_sides", "map_apps", "map_aliases", "analysis_settings"} {
		if _, err := conn.ExecContext(ctx, "DELETE FROM "+table); err != nil {
			return err
		}
	}
	if _, err := conn.ExecContext(ctx, "INSERT INTO analysis_settings VALUES (?, ?, ?, ?, ?, ?)",
		int(s.CorrelationBefore.Seconds()), int(s.CorrelationAfter.Seconds()), s.FailingShare, s.FailingMinEvents,
		s.ScopeJump, s.RetentionDays); err != nil {
		return err
	}
	if m == nil {
		return nil
	}
	if _, err := conn.ExecContext(ctx, "INSERT INTO map_settings VALUES (?, ?, ?)", m.Cutover.UTC(), m.Cutover.Add(m.Grace).UTC(), m.Path); err != nil {
		return err
	}
	for _, side := range []struct {
		name string
		s    Side
	}{{"old", m.Old}, {"new", m.New}} {
		for kind, values := range map[string][]string{"platform": side.s.Platforms, "tenant": side.s.Tenants,
			"endpoint": side.s.Endpoints, "token": side.s.TokenFingerprints} {
			for _, v := range values {
				if _, err := conn.ExecContext(ctx, "INSERT INTO map_sides VALUES (?, ?, ?)", side.name, kind, strings.ToLower(v)); err != nil {
					return err
				}
			}
		}
	}
	for _, app := range m.Apps {
		if _, err := conn.ExecContext(ctx, "INSERT INTO map_apps VALUES (?, ?, ?)", app.Name, nullable(app.Endpoint), nullable(app.Owner)); err != nil {
			return err
		}
		for _, alias := range append([]string{app.Name}, app.Aliases...) {
			if _, err := conn.ExecContext(ctx, "INSERT INTO map_aliases VALUES (?, ?)", app.Name, strings.ToLower(alias)); err != nil {
				return err
			}
		}
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
