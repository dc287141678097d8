package main

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/signing/pkcs11/pkcs11test"
)

// This file tests the verification policy of the CLI against servers that
// are not ours: a CA that OpenSSL runs (openssl ca), its OCSP responder
// (openssl ocsp) and a time-stamp authority answering with openssl ts
// -reply. Every certificate is valid from 2000 to 2099, so that the tests
// mean the same whatever day they run: the CLI checks chains at signAt,
// while OpenSSL dates its OCSP answers and time-stamps by the system clock,
// and the CLI judges their freshness by it too.

// opensslCA is a CA run by openssl ca in a directory of its own.
type opensslCA struct {
	openssl, dir string
	cert, key    string // the root's certificate and key
}

const opensslCAConf = `[ca]
default_ca = ca_default
[ca_default]
dir = %[1]s
database = $dir/index.txt
new_certs_dir = $dir/issued
serial = $dir/serial
default_md = sha256
policy = policy_any
copy_extensions = none
unique_subject = no
default_crl_days = 36500
[policy_any]
commonName = supplied
organizationalUnitName = optional
organizationName = optional
countryName = optional
[v3_ca]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[agency]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature,nonRepudiation
authorityInfoAccess = OCSP;URI:${ENV::OCSP_URL}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[tsa]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[req]
distinguished_name = dn
[dn]
[tsa_section]
default_tsa = tsa1
[tsa1]
serial = %[1]s/tsaserial
crypto_device = builtin
signer_cert = %[1]s/tsa.pem
signer_key = %[1]s/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`

// newOpenSSLCA makes the CA's root, self-signed by openssl ca.
func newOpenSSLCA(t *testing.T) *opensslCA {
	t.Helper()
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not found in PATH: skipping the test of the verification policy against OpenSSL's CA, OCSP responder and time-stamp authority")
	}
	ca := &opensslCA{openssl: openssl, dir: t.TempDir()}
	ca.cert, ca.key = ca.path("ca.pem"), ca.path("ca.key")
	for name, data := range map[string]string{
		"ca.cnf": fmt.Sprintf(opensslCAConf, ca.dir), "index.txt": "", "serial": "1000\n", "tsaserial": "01\n",
	} {
		if err := os.WriteFile(ca.path(name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(ca.path("issued"), 0o700); err != nil {
		t.Fatal(err)
	}
	ca.run(t, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", ca.key)
	ca.run(t, "req", "-new", "-config", ca.path("ca.cnf"), "-key", ca.key, "-subj", "/CN=OpenSSL Test CA/O=cbccvc policy test/C=VN", "-out", ca.path("ca.csr"))
	ca.sign(t, "ca.csr", ca.cert, "v3_ca", "-selfsign", "-keyfile", ca.key)
	return ca
}

func (ca *opensslCA) path(name string) string { return filepath.Join(ca.dir, name) }

func (ca *opensslCA) run(t *testing.T, args ...string) {
	t.Helper()
	cmd := exec.Command(ca.openssl, args...)
	cmd.Env = append(os.Environ(), "OCSP_URL=http://127.0.0.1:1/") // for sections that name it
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openssl %v: %v\n%s", args, err, out)
	}
}

// sign issues a certificate for the request csr with the extensions of
// section, valid from 2000 to 2099.
func (ca *opensslCA) sign(t *testing.T, csr, out, section string, extra ...string) {
	t.Helper()
	args := append([]string{"ca", "-batch", "-config", ca.path("ca.cnf"), "-in", ca.path(csr), "-out", out,
		"-extensions", section, "-startdate", "20000101000000Z", "-enddate", "20991231235959Z", "-notext"}, extra...)
	if len(extra) == 0 {
		args = append(args, "-cert", ca.cert, "-keyfile", ca.key)
	}
	ca.run(t, args...)
}

// issue makes a key and a certificate for the sending agency whose OCSP
// responder is at ocspURL, and returns the key's and certificate's files.
// With unlisted, the certificate is made outside the CA's database, so
// that its responder knows nothing of it.
func (ca *opensslCA) issue(t *testing.T, name, ocspURL string, unlisted bool) (key, cert string) {
	t.Helper()
	key, cert = ca.path(name+".key"), ca.path(name+".pem")
	ca.run(t, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key)
	ca.run(t, "req", "-new", "-config", ca.path("ca.cnf"), "-key", key, "-subj", "/CN=Agency "+name+"/OU="+sendAgency.String()+"/O=cbccvc policy test/C=VN", "-out", ca.path(name+".csr"))
	index := ca.path("index.txt")
	var saved []byte
	if unlisted {
		var err error
		if saved, err = os.ReadFile(index); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("OCSP_URL", ocspURL)
	cmd := exec.Command(ca.openssl, "ca", "-batch", "-config", ca.path("ca.cnf"), "-in", ca.path(name+".csr"), "-out", cert,
		"-extensions", "agency", "-startdate", "20000101000000Z", "-enddate", "20991231235959Z", "-notext", "-cert", ca.cert, "-keyfile", ca.key)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openssl ca: %v\n%s", err, out)
	}
	if unlisted {
		if err := os.WriteFile(index, saved, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return key, cert
}

// revoke marks cert revoked in the CA's database.
func (ca *opensslCA) revoke(t *testing.T, cert string) {
	t.Helper()
	ca.run(t, "ca", "-batch", "-config", ca.path("ca.cnf"), "-cert", ca.cert, "-keyfile", ca.key, "-revoke", cert, "-crl_reason", "keyCompromise")
}

// freePort returns a TCP port of 127.0.0.1 nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startOCSP runs openssl ocsp on port, answering from the CA's database
// as it is now, signed by the CA; it is killed when the test ends.
func (ca *opensslCA) startOCSP(t *testing.T, port int) {
	t.Helper()
	cmd := exec.Command(ca.openssl, "ocsp", "-index", ca.path("index.txt"), "-port", strconv.Itoa(port),
		"-rsigner", ca.cert, "-rkey", ca.key, "-CA", ca.cert, "-nmin", "60")
	log := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("openssl ocsp:\n%s", log.String())
		}
	})
	// It says when it listens. (A connection made only to see whether it
	// does would hang it: it serves one connection at a time.)
	for i := 0; !strings.Contains(log.String(), "waiting for OCSP client connections"); i++ {
		if i == 200 {
			t.Fatalf("openssl ocsp does not listen on %d:\n%s", port, log.String())
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// signWith signs the unsigned packet with key and cert through the CLI,
// with extra flags, at signAt.
func signWith(t *testing.T, unsigned, key, cert string, extra ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), filepath.Base(cert)+".signed.json")
	args := append([]string{"sign", "--key", key, "--cert", cert, "-o", out}, extra...)
	if code, _, errOut := runCLIAt(t, signAt, append(args, unsigned)...); code != exitOK {
		t.Fatalf("sign exit %d: %s", code, errOut)
	}
	return out
}

// cbccvc verify --revocation asks OpenSSL's OCSP responder: a good
// certificate verifies, a revoked one is refused whatever the mode, one the
// responder does not know, or whose responder cannot be reached, is
// accepted under soft and refused under hard, and the output says which.
func TestVerifyRevocationOpenSSL(t *testing.T) {
	ca := newOpenSSLCA(t)
	port, down := freePort(t), freePort(t)
	ocspURL, downURL := fmt.Sprintf("http://127.0.0.1:%d/", port), fmt.Sprintf("http://127.0.0.1:%d/", down)
	unsigned := writeUnsigned(t, t.TempDir())
	signed := map[string]string{}
	for _, c := range []struct {
		name, url string
		unlisted  bool
	}{{"good", ocspURL, false}, {"revoked", ocspURL, false}, {"unknown", ocspURL, true}, {"unreachable", downURL, false}} {
		key, cert := ca.issue(t, c.name, c.url, c.unlisted)
		if c.name == "revoked" {
			ca.revoke(t, cert)
		}
		signed[c.name] = signWith(t, unsigned, key, cert)
	}
	crl := ca.path("ca.crl")
	ca.run(t, "ca", "-batch", "-config", ca.path("ca.cnf"), "-cert", ca.cert, "-keyfile", ca.key, "-gencrl", "-out", crl)
	ca.startOCSP(t, port)

	for _, c := range []struct {
		file, mode string
		extra      []string // --crl
		code       int
		want       []string
	}{
		{"good", "hard", nil, exitOK, []string{"verified", `revocation: "Agency good" (serial `, ") not revoked, says OCSP " + ocspURL}},
		{"good", "off", nil, exitOK, []string{"verified"}},
		{"revoked", "soft", nil, exitInvalid, []string{"NOT verified", "certificate revoked", "Chứng thư số đã bị thu hồi", "REVOKED, says OCSP " + ocspURL}},
		{"revoked", "hard", nil, exitInvalid, []string{"NOT verified", "REVOKED"}},
		{"revoked", "off", nil, exitOK, []string{"verified"}}, // nothing asked: the chain alone is good
		{"unknown", "hard", nil, exitInvalid, []string{"NOT verified", "OCSP " + ocspURL + ": status unknown", "refused, as --revocation hard asks"}},
		{"unknown", "soft", nil, exitOK, []string{"verified", "OCSP " + ocspURL + ": status unknown", "accepted, as --revocation soft asks", "không xác định được tình trạng thu hồi"}},
		{"unreachable", "hard", nil, exitInvalid, []string{"NOT verified", "OCSP " + downURL, "refused, as --revocation hard asks", "Không xác định được tình trạng thu hồi"}},
		{"unreachable", "soft", nil, exitOK, []string{"verified", "OCSP " + downURL, "accepted, as --revocation soft asks"}},
		// A CRL at hand answers where the responder cannot.
		{"unreachable", "hard", []string{"--crl", crl}, exitOK, []string{"verified", "not revoked, says CRL given"}},
	} {
		name := c.file + " " + c.mode
		if len(c.extra) > 0 {
			name += " with a CRL"
		}
		t.Run(name, func(t *testing.T) {
			args := append([]string{"verify", "--roots", ca.cert, "--revocation", c.mode}, c.extra...)
			code, out, errOut := runCLIAt(t, signAt, append(args, signed[c.file])...)
			if code != c.code {
				t.Fatalf("exit %d, want %d:\n%s%s", code, c.code, out, errOut)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("the output does not say %q:\n%s", w, out)
				}
			}
		})
	}
	// A revoked certificate in the CRL given, with the responder down.
	_, cert := ca.issue(t, "revoked-offline", downURL, false)
	ca.revoke(t, cert)
	ca.run(t, "ca", "-batch", "-config", ca.path("ca.cnf"), "-cert", ca.cert, "-keyfile", ca.key, "-gencrl", "-out", crl)
	key := ca.path("revoked-offline.key")
	code, out, _ := runCLIAt(t, signAt, "verify", "--json", "--roots", ca.cert, "--revocation", "soft", "--crl", crl, signWith(t, unsigned, key, cert))
	if code != exitInvalid || !strings.Contains(out, `"status":"revoked","source":"CRL given","action":"refused"`) {
		t.Errorf("revoked in the CRL given: exit %d\n%s", code, out)
	}
}

// tsaHandler is a time-stamp authority over HTTP (RFC 3161 §3.4) that
// answers each query with openssl ts -reply.
func (ca *opensslCA) tsaHandler(t *testing.T) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/timestamp-query" {
			http.Error(w, "POST an application/timestamp-query", http.StatusBadRequest)
			return
		}
		query, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		dir, err := os.MkdirTemp(ca.dir, "tsa-")
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer os.RemoveAll(dir)
		q, reply := filepath.Join(dir, "q.tsq"), filepath.Join(dir, "r.tsr")
		if err := os.WriteFile(q, query, 0o600); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		out, err := exec.Command(ca.openssl, "ts", "-reply", "-config", ca.path("ca.cnf"), "-section", "tsa1",
			"-queryfile", q, "-out", reply).CombinedOutput()
		if err != nil {
			t.Errorf("openssl ts -reply: %v\n%s", err, out)
			http.Error(w, "openssl ts -reply failed", http.StatusInternalServerError)
			return
		}
		data, err := os.ReadFile(reply)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/timestamp-reply")
		w.Write(data)
	})
}

// cbccvc sign --tsa adds a time-stamp from a TSA answering with openssl ts
// -reply; openssl ts -verify accepts the token over the signature value,
// and cbccvc verify checks the chain at its time.
func TestSignTimeStampOpenSSL(t *testing.T) {
	ca := newOpenSSLCA(t)
	ca.run(t, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", ca.path("tsa.key"))
	ca.run(t, "req", "-new", "-config", ca.path("ca.cnf"), "-key", ca.path("tsa.key"), "-subj", "/CN=OpenSSL Test TSA/O=cbccvc policy test/C=VN", "-out", ca.path("tsa.csr"))
	ca.sign(t, "tsa.csr", ca.path("tsa.pem"), "tsa")
	srv := httptest.NewServer(ca.tsaHandler(t))
	defer srv.Close()
	key, cert := ca.issue(t, "stamped", "http://127.0.0.1:1/", false)
	before := time.Now().Add(-time.Minute)
	signed := signWith(t, writeUnsigned(t, t.TempDir()), key, cert, "--tsa", srv.URL)

	sig, token := signatureAndToken(t, cmsDER(t, signed))
	tokenFile := filepath.Join(t.TempDir(), "token.der")
	if err := os.WriteFile(tokenFile, token, 0o600); err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256(sig)
	out, err := exec.Command(ca.openssl, "ts", "-verify", "-token_in", "-in", tokenFile, "-digest", hex.EncodeToString(digest[:]),
		"-CAfile", ca.cert, "-untrusted", ca.path("tsa.pem")).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Verification: OK") {
		t.Fatalf("openssl ts -verify: %v\n%s", err, out)
	}

	// The TSA stamps at the system's time, and a token is checked at a
	// time after its own: verify at the system's clock.
	code, vout, errOut := runCLI(t, "verify", "--json", "--roots", ca.cert, signed)
	var res verifyResult
	if err := json.Unmarshal([]byte(vout), &res); err != nil || code != exitOK {
		t.Fatalf("verify exit %d, %v: %s%s", code, err, vout, errOut)
	}
	if !strings.HasPrefix(res.TimeStampAuthority, "CN=OpenSSL Test TSA") {
		t.Errorf("time-stamped by %q, want the OpenSSL TSA", res.TimeStampAuthority)
	}
	if at, err := time.Parse(time.RFC3339, res.TimeStampedAt); err != nil || at.Before(before) || at.After(time.Now().Add(time.Minute)) {
		t.Errorf("time-stamped at %q (%v), want the TSA's time, about now", res.TimeStampedAt, err)
	}
	// A TSA whose root is not trusted fails the signature.
	other := newOpenSSLCA(t)
	if code, vout, _ := runCLI(t, "verify", "--roots", ca.cert, "--tsa-roots", other.cert, signed); code != exitInvalid {
		t.Errorf("with another TSA root: exit %d, want %d\n%s", code, exitInvalid, vout)
	}
}

// signatureAndToken returns the signature value of a CMS SignedData's
// signer and the RFC 3161 token among its unsigned attributes.
func signatureAndToken(t *testing.T, der []byte) (sig, token []byte) {
	t.Helper()
	oidToken := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
	var ci struct {
		Type    asn1.ObjectIdentifier
		Content asn1.RawValue `asn1:"explicit,tag:0"`
	}
	if _, err := asn1.Unmarshal(der, &ci); err != nil {
		t.Fatal(err)
	}
	content := ci.Content
	if content.Class == asn1.ClassContextSpecific { // the [0] itself, around SignedData
		content = elements(t, content.Bytes)[0]
	}
	sd := elements(t, content.Bytes)
	signerInfos := elements(t, sd[len(sd)-1].Bytes) // the last of SignedData
	for _, e := range elements(t, signerInfos[0].Bytes) {
		switch {
		case e.Class == asn1.ClassUniversal && e.Tag == asn1.TagOctetString:
			sig = e.Bytes
		case e.Class == asn1.ClassContextSpecific && e.Tag == 1: // unsignedAttrs
			for _, a := range elements(t, e.Bytes) {
				var attr struct {
					Type   asn1.ObjectIdentifier
					Values []asn1.RawValue `asn1:"set"`
				}
				if _, err := asn1.Unmarshal(a.FullBytes, &attr); err != nil {
					t.Fatal(err)
				}
				if attr.Type.Equal(oidToken) && len(attr.Values) == 1 {
					token = attr.Values[0].FullBytes
				}
			}
		}
	}
	if sig == nil || token == nil {
		t.Fatal("no signature value or no time-stamp token in the CMS")
	}
	return sig, token
}

// elements returns the DER elements one after the other in b.
func elements(t *testing.T, b []byte) []asn1.RawValue {
	t.Helper()
	var out []asn1.RawValue
	for len(b) > 0 {
		var v asn1.RawValue
		rest, err := asn1.Unmarshal(b, &v)
		if err != nil {
			t.Fatal(err)
		}
		out, b = append(out, v), rest
	}
	return out
}

// cbccvc pull --revocation checks the national database's certificate and
// its intermediate, here against the sandbox PKI's CRLs given with --crl,
// says so, and refuses the answers once the certificate is revoked.
func TestPullRevocation(t *testing.T) {
	s := newSandboxFiles(t, ndxptest.Config{})
	pki := s.srv.PKI()
	csdlqg := pki.CSDLQG()
	var crls []string
	for i, c := range []string{csdlqg.Cert.CRLDistributionPoints[0], csdlqg.Chain[0].CRLDistributionPoints[0]} {
		crls = append(crls, "--crl", fetchCRL(t, pki.RevocationClient(), c, filepath.Join(s.dir, fmt.Sprintf("%d.crl", i))))
	}
	pull := func(t *testing.T) (int, string, string) {
		t.Helper()
		args := append([]string{"pull", "matched", "-o", t.TempDir(), "--revocation", "hard"}, crls...)
		return runCLI(t, append(args, s.xroad()...)...)
	}
	code, out, errOut := pull(t)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{fmt.Sprintf("revocation: %q", csdlqg.Cert.Subject.CommonName), fmt.Sprintf("revocation: %q", csdlqg.Chain[0].Subject.CommonName), "not revoked, says CRL given"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output does not say %q:\n%s", want, out)
		}
	}
	pki.Revoke(csdlqg.Cert)
	crls[1] = fetchCRL(t, pki.RevocationClient(), csdlqg.Cert.CRLDistributionPoints[0], filepath.Join(s.dir, "0.crl"))
	code, out, errOut = pull(t)
	if code != exitInvalid || !strings.Contains(out, "REVOKED, says CRL given") {
		t.Fatalf("with the certificate revoked: exit %d, want %d\n%s%s", code, exitInvalid, out, errOut)
	}
}

// fetchCRL gets a CRL through client and writes it to name.
func fetchCRL(t *testing.T, client *http.Client, url, name string) string {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	der, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, der, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// cbccvc serve takes the same key and policy flags: it signs with a key on
// a SoftHSM2 token, time-stamped by the OpenSSL TSA (openssl ts -verify
// accepts the token), and its verify asks OpenSSL's OCSP responder,
// refusing a revoked signer's packet under --revocation hard.
func TestServePolicy(t *testing.T) {
	ca := newOpenSSLCA(t)
	tok := pkcs11test.New(t)
	ca.run(t, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", ca.path("tsa.key"))
	ca.run(t, "req", "-new", "-config", ca.path("ca.cnf"), "-key", ca.path("tsa.key"), "-subj", "/CN=OpenSSL Test TSA/C=VN", "-out", ca.path("tsa.csr"))
	ca.sign(t, "tsa.csr", ca.path("tsa.pem"), "tsa")
	tsa := httptest.NewServer(ca.tsaHandler(t))
	defer tsa.Close()
	port := freePort(t)
	ocspURL := fmt.Sprintf("http://127.0.0.1:%d/", port)
	key, cert := ca.issue(t, "token", ocspURL, false)
	revokedKey, revokedCert := ca.issue(t, "revoked", ocspURL, false)
	ca.revoke(t, revokedCert)
	ca.startOCSP(t, port)
	keyPEM, err := os.ReadFile(key)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(keyPEM)
	priv, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	tok.Import(t, "agency", priv.(crypto.Signer))
	t.Setenv(pinEnv, tok.PIN)

	url := startCLI(t, "serve", "--addr", "127.0.0.1:0",
		"--pkcs11", tok.Module, "--token", tok.Label, "--key-label", "agency", "--cert", cert, "--tsa", tsa.URL,
		"--roots", ca.cert, "--revocation", "hard")
	unsigned, err := os.ReadFile(writeUnsigned(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	code, signed, _ := call(t, "POST", url+"/v1/sign", "", unsigned)
	if code != 200 {
		t.Fatalf("sign: %d %s", code, signed)
	}
	signedFile := filepath.Join(t.TempDir(), "signed.json")
	if err := os.WriteFile(signedFile, signed, 0o644); err != nil {
		t.Fatal(err)
	}
	sig, token := signatureAndToken(t, cmsDER(t, signedFile))
	tokenFile := filepath.Join(t.TempDir(), "token.der")
	if err := os.WriteFile(tokenFile, token, 0o600); err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256(sig)
	if out, err := exec.Command(ca.openssl, "ts", "-verify", "-token_in", "-in", tokenFile, "-digest", hex.EncodeToString(digest[:]),
		"-CAfile", ca.cert, "-untrusted", ca.path("tsa.pem")).CombinedOutput(); err != nil {
		t.Fatalf("openssl ts -verify: %v\n%s", err, out)
	}
	if code, body, _ := call(t, "POST", url+"/v1/verify", "", signed); code != 200 || !bytes.Contains(body, []byte(`"verified":true`)) ||
		!bytes.Contains(body, []byte(`"timeStampAuthority":"CN=OpenSSL Test TSA`)) {
		t.Fatalf("verify: %d %s", code, body)
	}
	revoked, err := os.ReadFile(signWith(t, writeUnsigned(t, t.TempDir()), revokedKey, revokedCert))
	if err != nil {
		t.Fatal(err)
	}
	if code, body, _ := call(t, "POST", url+"/v1/verify", "", revoked); code != 200 || !bytes.Contains(body, []byte(`"verified":false`)) || !bytes.Contains(body, []byte("revoked")) {
		t.Fatalf("verify of a revoked signer's packet: %d %s", code, body)
	}
}
