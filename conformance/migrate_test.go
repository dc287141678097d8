package conformance

import (
	"bytes"
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
)

// TestMigrateVectors checks what the migrate vectors hold: a 1.0 packet
// of every kind in both formats, a signed one, refusals; each input of
// format 1.0 is valid but for its R-HDR-006 warning, and each packet
// expected is a valid packet of the current version without it.
func TestMigrateVectors(t *testing.T) {
	k := embeddedKit(t)
	v, err := packet.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	rules := func(name string) (Outcome, *packet.Report) {
		t.Helper()
		b, err := fs.ReadFile(k.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := v.Validate(context.Background(), bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return findingsOutcome(rep.Findings), rep
	}
	var signed, refused int
	for _, vec := range k.Manifest.Vectors {
		if vec.Kind != KindMigrate {
			continue
		}
		in, rep := rules(vec.File)
		if rep.Header.Version == "1.0" && (!in.Valid || !slices.Equal(in.Rules, []string{packet.RuleHeaderSuperseded})) {
			t.Errorf("%s: the input has %v, want only R-HDR-006", vec.ID, rep.Findings)
		}
		if !*vec.Expected.Migrated {
			refused++
			continue
		}
		if vec.Expected.SignatureRemoved {
			signed++
		}
		out, rep := rules(vec.Migrated)
		if !out.Valid || len(out.Rules) > 0 || rep.Header.Version != packet.Version {
			t.Errorf("%s: the packet expected has %v", vec.ID, rep.Findings)
		}
	}
	for _, kind := range packet.Kinds() {
		for _, f := range bothFormats {
			id := "migrate-" + string(kind) + "." + f
			if !slices.ContainsFunc(k.Manifest.Vectors, func(v Vector) bool { return v.ID == id && *v.Expected.Migrated }) {
				t.Errorf("no migrate vector %s", id)
			}
		}
	}
	if signed < 2 || refused < 2 {
		t.Errorf("%d signed migrate vectors, %d refused", signed, refused)
	}
}

// TestCommandMigrate runs the migrate vectors through migrators that are
// wrong on purpose.
func TestCommandMigrate(t *testing.T) {
	k := extracted(t)
	migrateOnly := func(v Vector) bool { return v.Kind == KindMigrate }
	// Copies its input: every vector fails, the migrated ones on the packet.
	r := &Runner{Migrate: Command{Template: `cp {} {out} && echo '{"migrated":true,"dropped":[]}'`}}
	for _, res := range r.Run(context.Background(), k, migrateOnly) {
		switch {
		case res.Status != Fail:
			t.Errorf("a copier: %s %s", res.Status, res.Vector.ID)
		case *res.Vector.Expected.Migrated && len(res.Vector.Expected.Dropped) == 0 && !res.Vector.Expected.SignatureRemoved &&
			!strings.Contains(res.Detail, "the packet written differs from "+res.Vector.Migrated):
			t.Errorf("a copier, %s: %s", res.Vector.ID, res.Detail)
		}
	}
	// Writes the packet expected but reports nothing dropped and no
	// signature: only the vectors that drop nothing and are unsigned pass.
	r = &Runner{Migrate: Command{Template: `f={}; cp "${f%.*}.migrated.${f##*.}" {out} 2>/dev/null; echo '{"migrated":true,"dropped":[]}'`}}
	for _, res := range r.Run(context.Background(), k, migrateOnly) {
		e := res.Vector.Expected
		wantPass := *e.Migrated && len(e.Dropped) == 0 && !e.SignatureRemoved
		if (res.Status == Pass) != wantPass {
			t.Errorf("reports no drop: %s %s %s", res.Status, res.Vector.ID, res.Detail)
		}
		if res.Vector.ID == "migrate-CHIASE_HOSO.json" && !strings.Contains(res.Detail, "dropped [], want [/DuLieu/0/MaDinhDanhCBCCVC") {
			t.Errorf("detail: %s", res.Detail)
		}
	}
	// Refuses everything: only the refusals pass.
	r = &Runner{Migrate: Command{Template: `echo '{"migrated":false,"error":"no"}'`}}
	for _, res := range r.Run(context.Background(), k, migrateOnly) {
		if (res.Status == Pass) != !*res.Vector.Expected.Migrated {
			t.Errorf("refuses all: %s %s %s", res.Status, res.Vector.ID, res.Detail)
		}
	}
	for tmpl, want := range map[string]string{
		`echo '{"file":"x"}'`:      `output without "migrated"`,
		`echo '{"migrated":true}'`: "the migrated packet",
	} {
		r := &Runner{Migrate: Command{Template: tmpl}}
		res := r.Run(context.Background(), k, func(v Vector) bool { return v.ID == "migrate-HOSO.json" })
		if len(res) != 1 || res[0].Status != Fail || !strings.Contains(res[0].Detail, want) {
			t.Errorf("%s: %+v, want a failure saying %q", tmpl, res, want)
		}
	}
}
