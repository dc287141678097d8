package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The whole signing path on the command line: a test PKI, a generated
// packet signed with the PKCS #12 file and with the PEM key, verified, and
// refused once changed or signed by another agency.
func TestSignVerify(t *testing.T) {
	dir := t.TempDir()
	pki := filepath.Join(dir, "pki")
	if code, _, errOut := runCLI(t, "testpki", "--out", pki, "--agency", "000.00.12.H29", "--key-type", "ecdsa-p256"); code != exitOK {
		t.Fatalf("testpki: %d %s", code, errOut)
	}
	for _, f := range []string{"root.pem", "000.00.12.H29.p12", "000.00.12.H29.pass", "000.00.12.H29.key.pem", "000.00.12.H29.cert.pem", "csdlqg.p12", "csdlqg.key.pem"} {
		if _, err := os.Stat(filepath.Join(pki, f)); err != nil {
			t.Errorf("testpki did not write %s", f)
		}
	}
	unsigned := filepath.Join(dir, "hoso.json")
	runCLI(t, "generate", "--count", "3", "--sender", "000.00.12.H29", "-o", unsigned)

	viaP12 := filepath.Join(dir, "p12.json")
	if code, _, errOut := runCLI(t, "sign", "--key", filepath.Join(pki, "000.00.12.H29.p12"), "--password-file", filepath.Join(pki, "000.00.12.H29.pass"), unsigned, "-o", viaP12); code != exitOK {
		t.Fatalf("sign with p12: %d %s", code, errOut)
	}
	viaPEM := filepath.Join(dir, "pem.json")
	if code, _, errOut := runCLI(t, "sign", "--key", filepath.Join(pki, "000.00.12.H29.key.pem"), "--cert", filepath.Join(pki, "000.00.12.H29.cert.pem"), unsigned, "-o", viaPEM); code != exitOK {
		t.Fatalf("sign with PEM: %d %s", code, errOut)
	}
	// A packet the model cannot carry whole is not signed.
	doc, err := os.ReadFile(unsigned)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, regexp.MustCompile(`"HeSoLuong":[0-9.]+`).ReplaceAll(doc, []byte(`"HeSoLuong":12345678901234567.5`)), 0o644); err != nil {
		t.Fatal(err)
	}
	badSigned := filepath.Join(dir, "bad.signed.json")
	code, out, errOut := runCLI(t, "sign", "--key", filepath.Join(pki, "000.00.12.H29.p12"), "--password-file", filepath.Join(pki, "000.00.12.H29.pass"), bad, "-o", badSigned)
	if code != exitInvalid || out != "" || !strings.Contains(errOut, "/DuLieu/0/Ngach/HeSoLuong") {
		t.Errorf("sign a packet the model cannot carry: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, err := os.Stat(badSigned); !os.IsNotExist(err) {
		t.Error("sign wrote a packet it refused")
	}

	roots := filepath.Join(pki, "root.pem")
	code, out, _ = runCLI(t, "verify", "--json", "--roots", roots, viaP12, viaPEM)
	if code != exitOK {
		t.Fatalf("verify: %d %s", code, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r verifyResult
		if err := json.Unmarshal([]byte(line), &r); err != nil || !r.Verified || r.Agency != "000.00.12.H29" || r.SigningTime == "" {
			t.Errorf("verify result %s", line)
		}
	}

	if code, out, _ := runCLI(t, "verify", "--roots", roots, "--intermediates", filepath.Join(pki, "intermediate.pem"), viaPEM); code != exitOK {
		t.Errorf("verify with --intermediates: %d %s", code, out)
	}

	// The XML form, signed with XML-DSig.
	unsignedXML := filepath.Join(dir, "hoso.xml")
	signedXML := filepath.Join(dir, "signed.xml")
	runCLI(t, "convert", "--to", "xml", unsigned, "-o", unsignedXML)
	if code, _, errOut := runCLI(t, "sign", "--key", filepath.Join(pki, "000.00.12.H29.p12"), "--password-file", filepath.Join(pki, "000.00.12.H29.pass"), unsignedXML, "-o", signedXML); code != exitOK {
		t.Fatalf("sign XML: %d %s", code, errOut)
	}
	if code, out, _ := runCLI(t, "verify", "--roots", roots, signedXML); code != exitOK || !strings.Contains(out, "verified, signed by 000.00.12.H29") {
		t.Errorf("verify XML: %d %s", code, out)
	}

	// A changed value, an unsigned packet, a packet signed by another agency.
	b, _ := os.ReadFile(viaP12)
	tampered := filepath.Join(dir, "tampered.json")
	os.WriteFile(tampered, []byte(strings.Replace(string(b), `"SoLuongBanGhi":3`, `"SoLuongBanGhi":4`, 1)), 0o644)
	code, out, _ = runCLI(t, "verify", "--roots", roots, tampered, unsigned)
	if code != exitInvalid || strings.Count(out, "NOT verified") != 2 {
		t.Errorf("verify of bad packets: %d %s", code, out)
	}
	// --json names the rule each failure breaks.
	_, out, _ = runCLI(t, "verify", "--json", "--roots", roots, tampered, unsigned)
	var rules []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r verifyResult
		if err := json.Unmarshal([]byte(line), &r); err != nil || r.Verified || r.Error == "" {
			t.Errorf("verify result %s", line)
		}
		rules = append(rules, r.Rule)
	}
	if strings.Join(rules, ",") != "R-SIG-002,R-SIG-001" {
		t.Errorf("rules %q, want the content changed (R-SIG-002) and unsigned (R-SIG-001)", rules)
	}
	if code, _, errOut := runCLI(t, "sign", "--key", filepath.Join(pki, "csdlqg.key.pem"), "--cert", filepath.Join(pki, "csdlqg.cert.pem"), unsigned); code != exitInvalid || !strings.Contains(errOut, "signer is not the sender") {
		t.Errorf("sign by another agency: %d %s", code, errOut)
	}

	// canonical gives the bytes openssl verifies the CMS over.
	code, canon, _ := runCLI(t, "canonical", viaP12)
	if code != exitOK || strings.Contains(canon, "ChuKySo") || !strings.HasPrefix(canon, `{"DuLieu":[`) {
		t.Fatalf("canonical: %d %.80s", code, canon)
	}
	if openssl, err := exec.LookPath("openssl"); err == nil {
		var sig struct{ ChuKySo struct{ GiaTri string } }
		json.Unmarshal(b, &sig)
		content := filepath.Join(dir, "canonical.bin")
		os.WriteFile(content, []byte(canon), 0o644)
		cmd := exec.Command(openssl, "cms", "-verify", "-binary", "-inform", "PEM", "-in", pemWrap(t, dir, sig.ChuKySo.GiaTri), "-content", content, "-CAfile", roots, "-out", os.DevNull)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("openssl cms -verify: %v\n%s", err, msg)
		}
	} else {
		t.Log("openssl not installed: the openssl check of cbccvc canonical is skipped")
	}

	for _, args := range [][]string{{"sign", "--key", "/no/such", unsigned}, {"sign", unsigned}, {"verify", viaP12}, {"verify", "--roots", "/no/such", viaP12}, {"verify", "--roots", roots, "--intermediates", "/no/such", viaP12}, {"testpki"}, {"testpki", "--out", dir, "--key-type", "dsa"}, {"testpki", "--out", dir, "--agency", "h29"}, {"canonical"}} {
		if code, _, _ := runCLI(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// pemWrap writes a base64 CMS as a PEM file for openssl.
func pemWrap(t *testing.T, dir, b64 string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("-----BEGIN CMS-----\n")
	for len(b64) > 64 {
		b.WriteString(b64[:64] + "\n")
		b64 = b64[64:]
	}
	b.WriteString(b64 + "\n-----END CMS-----\n")
	path := filepath.Join(dir, "sig.pem")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// --key-type rsa-pss and --profile tt15: the key signs with RSASSA-PSS,
// which verify --profile tt15 accepts and PKCS #1 v1.5 it refuses.
func TestSignProfileTT15(t *testing.T) {
	dir := t.TempDir()
	pki := filepath.Join(dir, "pki")
	if code, _, errOut := runCLI(t, "testpki", "--out", pki, "--key-type", "rsa-pss"); code != exitOK {
		t.Fatalf("testpki: %d %s", code, errOut)
	}
	unsigned := filepath.Join(dir, "hoso.json")
	runCLI(t, "generate", "--count", "1", "--sender", "000.00.00.H29", "-o", unsigned)
	key := []string{"--key", filepath.Join(pki, "000.00.00.H29.p12"), "--password-file", filepath.Join(pki, "000.00.00.H29.pass")}
	pss, v15 := filepath.Join(dir, "pss.json"), filepath.Join(dir, "v15.json")
	if code, _, errOut := runCLI(t, append(append([]string{"sign", "--profile", "tt15"}, key...), unsigned, "-o", pss)...); code != exitOK {
		t.Fatalf("sign --profile tt15: %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, append(append([]string{"sign"}, key...), unsigned, "-o", v15)...); code != exitOK {
		t.Fatalf("sign: %d %s", code, errOut)
	}
	roots := filepath.Join(pki, "root.pem")
	if code, out, _ := runCLI(t, "verify", "--profile", "tt15", "--roots", roots, pss); code != exitOK {
		t.Errorf("verify --profile tt15 of PSS: %d %s", code, out)
	}
	if code, out, _ := runCLI(t, "verify", "--profile", "tt15", "--roots", roots, v15); code != exitInvalid || !strings.Contains(out, "algorithm not accepted") {
		t.Errorf("verify --profile tt15 of PKCS #1 v1.5: %d %s", code, out)
	}
	if code, _, _ := runCLI(t, "verify", "--profile", "tt99", "--roots", roots, pss); code != exitUsage {
		t.Errorf("verify --profile tt99: %d", code)
	}
	if code, _, _ := runCLI(t, "testpki", "--out", dir, "--key-type", "ecdsa-p384"); code != exitOK {
		t.Errorf("testpki --key-type ecdsa-p384: %d", code)
	}
}
