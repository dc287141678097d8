package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/conformance"
	"github.com/cbccvc/cbccvc-go/packet"
)

// validate2 validates a migrated packet: a valid packet of the current
// format version, without R-HDR-006.
func validate2(t *testing.T, doc []byte) {
	t.Helper()
	v, err := packet.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := v.Validate(context.Background(), bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Valid() || rep.Header == nil || rep.Header.Version != packet.Version {
		t.Fatalf("not a valid %s packet: %v\n%s", packet.Version, rep.Findings, doc)
	}
	for _, f := range rep.Findings {
		if f.Rule == packet.RuleHeaderSuperseded {
			t.Fatalf("the migrated packet has %v", f)
		}
	}
}

func TestMigrate(t *testing.T) {
	in := specDir + "/spec1/phanhoi.json"
	t.Run("stdout", func(t *testing.T) {
		code, out, errOut := runCLI(t, "migrate", in)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		validate2(t, []byte(out))
		for _, want := range []string{"Đã bỏ 3 giá trị", "Dropped 3 values", "/DuLieu/0/MaDinhDanhCBCCVC", "/DuLieu/2/MaDinhDanhCBCCVC", "mã gói tin mới", "new MaGoiTin"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("stderr lacks %q:\n%s", want, errOut)
			}
		}
		if strings.Contains(errOut, "cbccvc sign") {
			t.Errorf("an unsigned packet is told to be signed again:\n%s", errOut)
		}
	})
	t.Run("keep-id, to XML, -o and --json", func(t *testing.T) {
		dst := filepath.Join(t.TempDir(), "out.xml")
		code, out, errOut := runCLI(t, "migrate", in, "--format", "xml", "--keep-id", "-o", dst, "--json")
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		doc, err := os.ReadFile(dst)
		if err != nil {
			t.Fatal(err)
		}
		validate2(t, doc)
		if f, _ := packet.DetectFormat(doc); f != packet.FormatXML {
			t.Errorf("written as %v", f)
		}
		var res migrateResult
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if !res.Migrated || res.From != "1.0" || res.To != packet.Version || res.ID != res.OriginalID || res.Records != 3 ||
			len(res.Dropped) != 3 || res.Dropped[1].Pointer != "/DuLieu/1/MaDinhDanhCBCCVC" || res.Dropped[1].Name != "MaDinhDanhCBCCVC" ||
			string(res.Dropped[1].Value) != `"H2930001234652"` || res.SignatureRemoved {
			t.Errorf("report %s", out)
		}
	})
	t.Run("refused", func(t *testing.T) {
		dst := filepath.Join(t.TempDir(), "out.json")
		code, out, errOut := runCLI(t, "migrate", "-o", dst, "--json", specDir+"/spec/hoso.json")
		if code != exitInvalid || !strings.Contains(errOut, "không có gì để chuyển") || !strings.Contains(errOut, "nothing to migrate") {
			t.Errorf("a 2.0 packet: exit %d, stderr %s", code, errOut)
		}
		if _, err := os.Stat(dst); !os.IsNotExist(err) {
			t.Error("a file was written for a refused packet")
		}
		var res migrateResult
		if err := json.Unmarshal([]byte(out), &res); err != nil || res.Migrated || res.Error == "" {
			t.Errorf("report %s", out)
		}
		code, out, errOut = runCLI(t, "migrate", specDir+"/invalid/R-ID-005.json")
		if code != exitInvalid || out != "" || !strings.Contains(errOut, "R-ID-005") {
			t.Errorf("a value that does not bind: exit %d, stdout %q, stderr %s", code, out, errOut)
		}
	})
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"no file", []string{"migrate"}, exitUsage},
		{"two files", []string{"migrate", in, in}, exitUsage},
		{"bad format", []string{"migrate", "--format", "yaml", in}, exitUsage},
		{"--json without -o", []string{"migrate", "--json", in}, exitUsage},
		{"no such file", []string{"migrate", "/no/such/file"}, exitUsage},
		{"help", []string{"migrate", "-h"}, exitOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, out, errOut := runCLI(t, tc.args...); code != tc.code || (tc.code != exitOK && out != "") {
				t.Errorf("exit %d, want %d; stdout %q, stderr %s", code, tc.code, out, errOut)
			}
		})
	}
}

// TestMigrateSigned: a signed 1.0 packet migrates, unsigned, with word
// to sign it again; signed again, it verifies.
func TestMigrateSigned(t *testing.T) {
	dir := t.TempDir()
	pki := filepath.Join(dir, "pki")
	if code, _, errOut := runCLI(t, "testpki", "--out", pki, "--agency", "000.00.00.H29", "--key-type", "ecdsa-p256"); code != exitOK {
		t.Fatalf("testpki: %d %s", code, errOut)
	}
	key := []string{"--key", filepath.Join(pki, "000.00.00.H29.key.pem"), "--cert", filepath.Join(pki, "000.00.00.H29.cert.pem")}
	for _, name := range []string{"hoso.json", "hoso.xml"} {
		t.Run(name, func(t *testing.T) {
			signed := filepath.Join(dir, "signed-"+name)
			if code, _, errOut := runCLI(t, append(append([]string{"sign"}, key...), specDir+"/spec1/"+name, "-o", signed)...); code != exitOK {
				t.Fatalf("sign: %d %s", code, errOut)
			}
			migrated := filepath.Join(dir, "migrated-"+name)
			code, _, errOut := runCLI(t, "migrate", signed, "-o", migrated)
			if code != exitOK {
				t.Fatalf("migrate: %d %s", code, errOut)
			}
			for _, want := range []string{"ký số lại", "cbccvc sign", "sign the migrated packet again"} {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			doc, err := os.ReadFile(migrated)
			if err != nil {
				t.Fatal(err)
			}
			validate2(t, doc)
			roots := filepath.Join(pki, "root.pem")
			if code, out, _ := runCLI(t, "verify", "--roots", roots, migrated); code == exitOK {
				t.Errorf("the migrated packet verifies without a signature: %s", out)
			}
			resigned := filepath.Join(dir, "resigned-"+name)
			if code, _, errOut := runCLI(t, append(append([]string{"sign"}, key...), migrated, "-o", resigned)...); code != exitOK {
				t.Fatalf("sign again: %d %s", code, errOut)
			}
			if code, out, errOut := runCLI(t, "verify", "--roots", roots, resigned); code != exitOK {
				t.Errorf("the migrated packet, signed again, does not verify: %s %s", out, errOut)
			}
		})
	}
}

// TestMigrateKit: cbccvc migrate turns the format 1.0 vectors of the
// conformance kit into valid 2.0 packets. Those that must migrate — the
// migrate vectors that expect it, and the validate vectors valid but for
// their R-HDR-006 warning — do; any other 1.0 vector either migrates to a
// valid 2.0 packet or is refused (exit 1) with nothing written.
func TestMigrateKit(t *testing.T) {
	k, err := conformance.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := k.Extract(dir); err != nil {
		t.Fatal(err)
	}
	v, err := packet.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	migrated := 0
	for _, vec := range k.Manifest.Vectors {
		in := filepath.Join(dir, filepath.FromSlash(vec.File))
		f, err := os.Open(in)
		if err != nil {
			t.Fatal(err)
		}
		h, _, _ := packet.ReadHeader(f, packet.FormatAuto, packet.Limits{})
		f.Close()
		if h.Version != "1.0" {
			continue
		}
		var must bool
		switch vec.Kind {
		case conformance.KindMigrate:
			must = *vec.Expected.Migrated
		case conformance.KindValidate:
			must = *vec.Expected.Valid && slices.Equal(vec.Expected.Rules, []string{packet.RuleHeaderSuperseded})
		}
		t.Run(vec.ID, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			code, _, errOut := runCLI(t, "migrate", in, "-o", out)
			switch {
			case code == exitOK:
				doc, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				rep, err := v.Validate(context.Background(), bytes.NewReader(doc))
				if err != nil {
					t.Fatal(err)
				}
				if !rep.Valid() || rep.Header.Version != packet.Version || slices.ContainsFunc(rep.Findings, func(f packet.Finding) bool { return f.Rule == packet.RuleHeaderSuperseded }) {
					t.Errorf("the migrated packet is not a valid %s packet: %v", packet.Version, rep.Findings)
				}
				migrated++
			case must || code != exitInvalid:
				t.Errorf("exit %d: %s", code, errOut)
			default:
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("refused, but %s was written", out)
				}
			}
		})
	}
	if migrated < 14 {
		t.Errorf("%d vectors migrated", migrated)
	}
}
