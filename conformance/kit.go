package conformance

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

//go:embed README.md manifest.json validate apply verify migrate pki
var embedded embed.FS

// ManifestFile is the name of the manifest at the root of a kit.
const ManifestFile = "manifest.json"

// The kinds of vector.
const (
	// KindValidate: one packet, validated on its own (three layers).
	KindValidate = "validate"
	// KindApply: a BIENDONG packet whose change events are applied to
	// the current profiles, held in a HOSO packet (rules R-BD-*).
	KindApply = "apply"
	// KindVerify: a signed packet, verified against the kit's PKI.
	KindVerify = "verify"
	// KindMigrate: a packet of format 1.0, turned into the current format
	// (packet.Migrate, cbccvc migrate), or refused.
	KindMigrate = "migrate"
)

// Manifest lists the vectors of a kit (manifest.json).
type Manifest struct {
	Name    string `json:"name"`
	Version string `json:"version"` // the kit's version, semantic versioning
	// PacketVersion is the PhienBan of the packets the kit is for.
	PacketVersion string   `json:"packetVersion"`
	PKI           PKI      `json:"pki"`
	Vectors       []Vector `json:"vectors"`
}

// PKI names the certificates the signed vectors are verified against.
type PKI struct {
	Roots         string `json:"roots"`         // PEM file of the trusted roots
	Intermediates string `json:"intermediates"` // PEM file of the intermediate CAs
	// NotAfter is when the first certificate a good signature needs
	// expires: after it the signed vectors no longer have their expected
	// outcome, and the kit needs a new release.
	NotAfter time.Time `json:"notAfter"`
}

// Vector is one test vector.
type Vector struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`   // KindValidate, KindApply, KindVerify or KindMigrate
	Format string `json:"format"` // json or xml
	File   string `json:"file"`   // the packet, relative to the kit's root
	// Profiles, for KindApply: the HOSO packet holding the current
	// profiles the change events of File apply to.
	Profiles string `json:"profiles,omitempty"`
	// Migrated, for a KindMigrate vector that migrates: the packet
	// expected, in the format of File.
	Migrated    string   `json:"migrated,omitempty"`
	Description string   `json:"description"`
	Expected    Expected `json:"expected"`
}

// Expected is a vector's expected outcome. For KindValidate and KindApply,
// Valid and Rules: whether the packet has no error-level finding, and the
// set of rule codes of its findings (warnings included), sorted. For
// KindVerify, Verified, and when it is false Rule (R-SIG-001…005) and
// Class, the finer failure (see Classes). For KindMigrate, Migrated:
// whether the packet is migrated (else refused), and when it is Dropped,
// the JSON Pointers into File of the values dropped, in document order,
// and SignatureRemoved, whether File was signed.
type Expected struct {
	Valid            *bool    `json:"valid,omitempty"`
	Rules            []string `json:"rules,omitzero"`
	Verified         *bool    `json:"verified,omitempty"`
	Rule             string   `json:"rule,omitempty"`
	Class            string   `json:"class,omitempty"`
	Migrated         *bool    `json:"migrated,omitempty"`
	Dropped          []string `json:"dropped,omitzero"`
	SignatureRemoved bool     `json:"signatureRemoved,omitempty"`
}

// String is the outcome in the form the runner reports.
func (e Expected) String() string {
	if e.Migrated != nil {
		if !*e.Migrated {
			return "refused"
		}
		s := fmt.Sprintf("migrated, %d dropped", len(e.Dropped))
		if e.SignatureRemoved {
			s += ", signature removed"
		}
		return s
	}
	if e.Verified != nil {
		if *e.Verified {
			return "verified"
		}
		s := "not verified"
		if e.Rule != "" {
			s += " " + e.Rule
		}
		if e.Class != "" {
			s += " (" + e.Class + ")"
		}
		return s
	}
	v := "invalid"
	if e.Valid != nil && *e.Valid {
		v = "valid"
	}
	return v + " [" + strings.Join(e.Rules, " ") + "]"
}

// Kit is a conformance kit: its manifest and its files.
type Kit struct {
	Manifest Manifest
	FS       fs.FS  // the files, named as in the manifest
	Dir      string // the directory FS is, when the kit is on disk
}

// Embedded returns the kit embedded in the package.
func Embedded() (*Kit, error) { return Load(embedded) }

// Open returns the kit unpacked in dir.
func Open(dir string) (*Kit, error) {
	k, err := Load(os.DirFS(dir))
	if err != nil {
		return nil, err
	}
	k.Dir = dir
	return k, nil
}

// Load reads the manifest of the kit in fsys and checks it.
func Load(fsys fs.FS) (*Kit, error) {
	b, err := fs.ReadFile(fsys, ManifestFile)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("conformance: %s: %w", ManifestFile, err)
	}
	if err := m.check(fsys); err != nil {
		return nil, fmt.Errorf("conformance: %s: %w", ManifestFile, err)
	}
	return &Kit{Manifest: m, FS: fsys}, nil
}

func (m *Manifest) check(fsys fs.FS) error {
	var errs []error
	seen := map[string]bool{}
	exists := func(id, name string) {
		if name == "" || !fs.ValidPath(name) {
			errs = append(errs, fmt.Errorf("%s: bad file name %q", id, name))
			return
		}
		if _, err := fs.Stat(fsys, name); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", id, err))
		}
	}
	for _, v := range m.Vectors {
		if v.ID == "" || seen[v.ID] {
			errs = append(errs, fmt.Errorf("vector id %q empty or repeated", v.ID))
		}
		seen[v.ID] = true
		exists(v.ID, v.File)
		e := v.Expected
		switch v.Kind {
		case KindValidate, KindApply:
			if e.Valid == nil || e.Verified != nil {
				errs = append(errs, fmt.Errorf("%s: a %s vector expects valid and rules", v.ID, v.Kind))
			}
			if v.Kind == KindApply {
				exists(v.ID, v.Profiles)
			}
		case KindVerify:
			if e.Verified == nil || e.Valid != nil || (*e.Verified != (e.Rule == "")) {
				errs = append(errs, fmt.Errorf("%s: a verify vector expects verified, and a rule when false", v.ID))
			}
		case KindMigrate:
			if e.Migrated == nil || e.Valid != nil || e.Verified != nil || *e.Migrated != (v.Migrated != "") {
				errs = append(errs, fmt.Errorf("%s: a migrate vector expects migrated, and names the packet expected when true", v.ID))
			}
			if v.Migrated != "" {
				exists(v.ID, v.Migrated)
			}
		default:
			errs = append(errs, fmt.Errorf("%s: unknown kind %q", v.ID, v.Kind))
		}
		if v.Format != "json" && v.Format != "xml" {
			errs = append(errs, fmt.Errorf("%s: unknown format %q", v.ID, v.Format))
		}
	}
	if slices.ContainsFunc(m.Vectors, func(v Vector) bool { return v.Kind == KindVerify }) {
		exists("pki", m.PKI.Roots)
		exists("pki", m.PKI.Intermediates)
	}
	return errors.Join(errs...)
}

// Covered returns the rule codes the kit's vectors expect, each once,
// sorted.
func (m *Manifest) Covered() []string {
	var out []string
	for _, v := range m.Vectors {
		out = append(out, v.Expected.Rules...)
		if v.Expected.Rule != "" {
			out = append(out, v.Expected.Rule)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Extract writes the kit's files into dir, which it makes if missing, so
// that programs outside the process can read them.
func (k *Kit) Extract(dir string) error {
	return fs.WalkDir(k.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if d.IsDir() {
			if d.Name() == "testdata" {
				return fs.SkipDir // the Go package's, when the kit is its directory
			}
			return os.MkdirAll(dst, 0o755)
		}
		if path.Ext(name) == ".go" {
			return nil
		}
		b, err := fs.ReadFile(k.FS, name)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}
