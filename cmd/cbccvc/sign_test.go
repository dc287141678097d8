package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
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

// verifyJSON runs verify --json on one file and returns its exit code and
// result.
func verifyJSON(t *testing.T, args ...string) (int, verifyResult) {
	t.Helper()
	code, out, errOut := runCLI(t, append([]string{"verify", "--json"}, args...)...)
	var r verifyResult
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("verify --json %v: %v\n%s%s", args, err, out, errOut)
	}
	return code, r
}

// sign follows Circular 15/2025/TT-BKHCN by default, for each key type and
// format: RSASSA-PSS for an RSA key, ECDSA for an ECDSA key; --algorithm
// names another, PKCS #1 v1.5 among them, which verify accepts with a
// warning and verify --profile tt15 refuses; sign --profile tt15 refuses
// it even by name.
func TestSignAlgorithm(t *testing.T) {
	dir := t.TempDir()
	unsigned := map[string]string{"json": filepath.Join(dir, "hoso.json"), "xml": filepath.Join(dir, "hoso.xml")}
	runCLI(t, "generate", "--count", "1", "--sender", "000.00.00.H29", "-o", unsigned["json"])
	runCLI(t, "convert", "--to", "xml", unsigned["json"], "-o", unsigned["xml"])
	pkis := map[string]string{}
	for _, kt := range []string{"rsa2048", "rsa-pss", "ecdsa-p256", "ecdsa-p384"} {
		pkis[kt] = filepath.Join(dir, kt)
		if code, _, errOut := runCLI(t, "testpki", "--out", pkis[kt], "--key-type", kt); code != exitOK {
			t.Fatalf("testpki --key-type %s: %d %s", kt, code, errOut)
		}
	}
	const notTT15 = "Thông tư số 15/2025/TT-BKHCN"
	tests := []struct {
		keyType string
		args    []string // beside --key, --password-file
		code    int      // of sign
		alg     string   // what verify says
		warning bool     // verify warns; verify --profile tt15 refuses
	}{
		{"rsa2048", nil, exitOK, "RSA-PSS-SHA256", false},
		{"rsa-pss", nil, exitOK, "RSA-PSS-SHA256", false},
		{"ecdsa-p256", nil, exitOK, "ECDSA-SHA256", false},
		{"ecdsa-p384", nil, exitOK, "ECDSA-SHA256", false},
		{"ecdsa-p384", []string{"--algorithm", "ecdsa-sha384"}, exitOK, "ECDSA-SHA384", false},
		{"rsa2048", []string{"--algorithm", "rsa-pss-sha512"}, exitOK, "RSA-PSS-SHA512", false},
		{"rsa2048", []string{"--profile", "tt15"}, exitOK, "RSA-PSS-SHA256", false},
		{"rsa2048", []string{"--algorithm", "rsa-pkcs1v15"}, exitOK, "RSA-SHA256", true},
		{"rsa2048", []string{"--algorithm", "RSA-PKCS1V15-SHA384"}, exitOK, "RSA-SHA384", true},
		{"rsa2048", []string{"--profile", "tt15", "--algorithm", "rsa-pkcs1v15"}, exitUsage, "", false},
		{"ecdsa-p256", []string{"--algorithm", "rsa-pss"}, exitUsage, "", false},
		{"rsa2048", []string{"--algorithm", "rsa-sha1"}, exitUsage, "", false},
		{"rsa2048", []string{"--profile", "tt99"}, exitUsage, "", false},
	}
	for i, tt := range tests {
		for _, f := range []string{"json", "xml"} {
			name := fmt.Sprintf("%s %v %s", tt.keyType, tt.args, f)
			pki := pkis[tt.keyType]
			signed := filepath.Join(dir, fmt.Sprintf("signed-%d.%s", i, f))
			args := append([]string{"sign", "--key", filepath.Join(pki, "000.00.00.H29.p12"), "--password-file", filepath.Join(pki, "000.00.00.H29.pass")}, tt.args...)
			code, _, errOut := runCLI(t, append(args, unsigned[f], "-o", signed)...)
			if code != tt.code {
				t.Errorf("%s: sign exit %d, want %d: %s", name, code, tt.code, errOut)
				continue
			}
			if code != exitOK {
				if strings.Contains(strings.Join(tt.args, " "), "rsa-pkcs1v15") && !strings.Contains(errOut, notTT15) {
					t.Errorf("%s: the refusal does not name the circular: %s", name, errOut)
				}
				continue
			}
			roots := filepath.Join(pki, "root.pem")
			code, r := verifyJSON(t, "--roots", roots, signed)
			if code != exitOK || !r.Verified || r.Algorithm != tt.alg || (len(r.Warnings) == 1) != tt.warning || len(r.Warnings) > 1 {
				t.Errorf("%s: verify: %d %+v, want %s", name, code, r, tt.alg)
			}
			if tt.warning && (!strings.Contains(r.Warnings[0].MessageVI, notTT15) || !strings.Contains(r.Warnings[0].Message, "PKCS #1 v1.5")) {
				t.Errorf("%s: warning %+v", name, r.Warnings[0])
			}
			code, strict := verifyJSON(t, "--profile", "tt15", "--roots", roots, signed)
			if tt.warning {
				if code != exitInvalid || strict.Verified || strict.Rule != "R-SIG-003" || !strings.Contains(strict.ErrorVI, notTT15) {
					t.Errorf("%s: verify --profile tt15: %d %+v", name, code, strict)
				}
			} else if code != exitOK || !strict.Verified || len(strict.Warnings) != 0 {
				t.Errorf("%s: verify --profile tt15: %d %+v", name, code, strict)
			}
			if tt.warning {
				// The text form says it in both languages.
				_, out, _ := runCLI(t, "verify", "--roots", roots, signed)
				if !strings.Contains(out, "verified, signed by") || !strings.Contains(out, ": warning: ") || !strings.Contains(out, ": cảnh báo: Chữ ký số") {
					t.Errorf("%s: verify prints %s", name, out)
				}
			}
		}
	}
	if code, _, _ := runCLI(t, "verify", "--profile", "tt99", "--roots", filepath.Join(pkis["rsa2048"], "root.pem"), unsigned["json"]); code != exitUsage {
		t.Errorf("verify --profile tt99: %d", code)
	}
}

// The default signatures of cbccvc sign and the standard tools, both
// ways: openssl cms -verify accepts the RSASSA-PSS and ECDSA CMS, openssl
// reads rsassaPss in it, cbccvc verify --profile tt15 accepts openssl cms
// -sign -keyopt rsa_padding_mode:pss, and xmlsec1 --verify accepts the
// ECDSA XML-DSig (and the RSASSA-PSS one when it knows RSASSA-PSS: Debian's
// 1.2.37 does not, and the signing package checks that signature with
// openssl dgst instead).
func TestSignInterop(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not found in PATH: skipping the interoperability test with openssl cms")
	}
	dir := t.TempDir()
	unsigned := filepath.Join(dir, "hoso.json")
	runCLI(t, "generate", "--count", "2", "--sender", "000.00.00.H29", "-o", unsigned)
	for _, kt := range []string{"rsa2048", "ecdsa-p256"} {
		pki := filepath.Join(dir, kt)
		if code, _, errOut := runCLI(t, "testpki", "--out", pki, "--key-type", kt); code != exitOK {
			t.Fatalf("testpki: %d %s", code, errOut)
		}
		key, cert := filepath.Join(pki, "000.00.00.H29.key.pem"), filepath.Join(pki, "000.00.00.H29.cert.pem")
		roots := filepath.Join(pki, "root.pem")
		signed := filepath.Join(dir, kt+".signed.json")
		if code, _, errOut := runCLI(t, "sign", "--key", key, "--cert", cert, unsigned, "-o", signed); code != exitOK {
			t.Fatalf("sign: %d %s", code, errOut)
		}
		b, err := os.ReadFile(signed)
		if err != nil {
			t.Fatal(err)
		}
		var sig struct{ ChuKySo struct{ GiaTri string } }
		if err := json.Unmarshal(b, &sig); err != nil {
			t.Fatal(err)
		}
		_, canon, _ := runCLI(t, "canonical", signed)
		content := filepath.Join(dir, "canonical.bin")
		if err := os.WriteFile(content, []byte(canon), 0o644); err != nil {
			t.Fatal(err)
		}
		sigPEM := pemWrap(t, dir, sig.ChuKySo.GiaTri)
		if out, err := exec.Command(openssl, "cms", "-verify", "-binary", "-inform", "PEM", "-in", sigPEM, "-content", content, "-CAfile", roots, "-out", os.DevNull).CombinedOutput(); err != nil {
			t.Errorf("%s: openssl cms -verify: %v\n%s", kt, err, out)
		}
		out, err := exec.Command(openssl, "cms", "-cmsout", "-print", "-inform", "PEM", "-in", sigPEM).CombinedOutput()
		if err != nil || (kt == "rsa2048") != strings.Contains(string(out), "rsassaPss") {
			t.Errorf("%s: openssl cms -cmsout -print: %v\n%s", kt, err, out)
		}

		// openssl cms -sign, with RSASSA-PSS for the RSA key.
		byOpenSSL := filepath.Join(dir, "by-openssl.der")
		args := []string{"cms", "-sign", "-binary", "-md", "sha256", "-outform", "DER", "-in", content, "-out", byOpenSSL,
			"-signer", cert, "-inkey", key, "-certfile", filepath.Join(pki, "intermediate.pem")}
		want := "ECDSA-SHA256"
		if kt == "rsa2048" {
			args = append(args, "-keyopt", "rsa_padding_mode:pss")
			want = "RSA-PSS-SHA256"
		}
		if out, err := exec.Command(openssl, args...).CombinedOutput(); err != nil {
			t.Fatalf("openssl cms -sign: %v\n%s", err, out)
		}
		der, err := os.ReadFile(byOpenSSL)
		if err != nil {
			t.Fatal(err)
		}
		theirs := filepath.Join(dir, "by-openssl.json")
		doc := strings.TrimSuffix(canon, "}") + `,"ChuKySo":{"DinhDang":"CMS","GiaTri":"` + base64.StdEncoding.EncodeToString(der) + `"}}`
		if err := os.WriteFile(theirs, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, r := verifyJSON(t, "--profile", "tt15", "--roots", roots, theirs); code != exitOK || r.Algorithm != want || len(r.Warnings) != 0 {
			t.Errorf("%s: verify --profile tt15 of openssl's: %d %+v", kt, code, r)
		}
	}

	xmlsec1, err := exec.LookPath("xmlsec1")
	if err != nil {
		t.Skip("xmlsec1 not found in PATH: skipping the XML-DSig part (install xmlsec1)")
	}
	listed, _ := exec.Command(xmlsec1, "--list-transforms").CombinedOutput()
	pss := strings.Contains(string(listed), "rsa-pss")
	unsignedXML := filepath.Join(dir, "hoso.xml")
	runCLI(t, "convert", "--to", "xml", unsigned, "-o", unsignedXML)
	for _, kt := range []string{"ecdsa-p256", "rsa2048"} {
		if kt == "rsa2048" && !pss {
			t.Log("this xmlsec1 knows no RSASSA-PSS (it came in xmlsec1 1.3): the default RSA XML-DSig (sha256-rsa-MGF1) " +
				"is not given to it; the signing package checks that signature with openssl dgst")
			continue
		}
		pki := filepath.Join(dir, kt)
		signed := filepath.Join(dir, kt+".signed.xml")
		if code, _, errOut := runCLI(t, "sign", "--key", filepath.Join(pki, "000.00.00.H29.key.pem"), "--cert", filepath.Join(pki, "000.00.00.H29.cert.pem"), unsignedXML, "-o", signed); code != exitOK {
			t.Fatalf("sign XML: %d %s", code, errOut)
		}
		if out, err := exec.Command(xmlsec1, "--verify", "--trusted-pem", filepath.Join(pki, "root.pem"), "--untrusted-pem", filepath.Join(pki, "intermediate.pem"),
			"--enabled-reference-uris", "empty", signed).CombinedOutput(); err != nil {
			t.Errorf("%s: xmlsec1 --verify: %v\n%s", kt, err, out)
		}
	}
}
