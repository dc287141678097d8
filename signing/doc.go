// Package signing signs and verifies packets (docs/guide/en/05-signing.md): a JSON packet
// carries a detached CMS SignedData over its canonical form in ChuKySo, an
// XML packet an enveloped XML-DSig signature.
//
// An agency signs what it sends:
//
//	s, err := signing.NewSigner(key, chain) // key: any crypto.Signer; chain: its certificate, then intermediates; RSASSA-PSS or ECDSA
//	if err != nil {
//		return err
//	}
//	signed, err := s.Sign(ctx, packetJSON)
//
// or, with the key in the files a CA hands out (a PEM key and chain:
// KeyFiles{Key: "snv.key.pem", Cert: "snv.cert.pem"}):
//
//	s, err := signing.LoadKeyFiles(signing.KeyFiles{Key: "snv.p12", PasswordFile: "snv.pass"})
//
// and a receiver verifies before it trusts a single field:
//
//	v := &signing.Verifier{Policy: signing.Policy{Roots: roots}} // the caller's trust store
//	got, err := v.Verify(ctx, signed)
//	switch {
//	case errors.Is(err, signing.ErrDigestMismatch):
//		// the packet changed after it was signed
//	case errors.Is(err, signing.ErrSignerNotSender):
//		// a good signature by someone other than MaDonViGui
//	case err != nil:
//		return err
//	}
//	use(got.Packet) // the packet of got.Canonical, the bytes that were verified
//	for _, w := range got.Warnings { // e.g. PKCS #1 v1.5 from an older system (ErrNotTT15)
//		log(w.MessageVI, w.MessageEN)
//	}
//
// # The signed bytes
//
// The signature covers the packet without its ChuKySo member, canonicalised
// by RFC 8785 (JCS; see Canonical), so whitespace, key order and number
// spelling may change in transit; any change of a value is a digest mismatch.
// Sign returns that canonical form with ChuKySo added as its last member:
// the input's layout is not kept, and what is sent is exactly what was
// signed. ChuKySo is {"DinhDang":"CMS","GiaTri":"<base64 DER>"}: a detached
// SignedData, one signer, signed attributes content-type (id-data),
// message-digest and signing-time, the signer's certificate and intermediates
// in certificates, and optionally an RFC 3161 time-stamp token (see below).
// `openssl cms -verify -binary -inform DER -content canonical.bin` accepts
// it, RSASSA-PSS and ECDSA alike, and Verify accepts what `openssl cms
// -sign -binary -md sha256 -keyopt rsa_padding_mode:pss` makes over the
// canonical bytes (without -keyopt, PKCS #1 v1.5, with a warning).
//
// # Algorithms: Circular 15/2025/TT-BKHCN by default
//
// Circular 15/2025/TT-BKHCN of the Ministry of Science and Technology, in
// force since 15 August 2025, allows RSASSA-PSS with RSA keys of at least
// 2048 bits, or ECDSA with keys of at least 256 bits, with SHA-2 hashes
// (docs/guide/en/05-signing.md#algorithms-circular-152025tt-bkhcn-by-default). That is what a Signer does by default: an RSA key
// signs with RSASSA-PSS (RSAPSSSHA256: MGF1 with the same hash, a salt as
// long as the hash, as RFC 4055 recommends), an ECDSA key (P-256, P-384,
// ...) with ECDSA (ECDSASHA256), and NewSigner refuses a shorter key
// (ErrWeakAlgorithm with ErrNotTT15). WithAlgorithm chooses SHA-384 or
// SHA-512, and RSA PKCS #1 v1.5 only when it names it (RSASHA256,
// RSASHA384, RSASHA512), for a receiver that knows nothing else;
// WithProfile(ProfileTT15) refuses even that. The key and certificate are
// the same for both paddings: a CA need issue nothing new.
//
// A Verifier accepts the signatures of older systems: PKCS #1 v1.5 is
// verified as before, in CMS and in XML-DSig, and Verified.Warnings says
// that it does not meet the circular (an *Error wrapping ErrNotTT15, in
// Vietnamese and English). Policy.Profile = ProfileTT15 requires the
// circular: such a signature is then refused, ErrWeakAlgorithm with
// ErrNotTT15 beside it (R-SIG-003), and so is an RSA key under 2048 bits
// whatever Policy.MinRSABits says. Policy.Algorithms narrows what a
// verifier accepts further, for both formats. RSASSA-PSS is id-RSASSA-PSS
// with its parameters in CMS, and the SignatureMethod
// …/2007/05/xmldsig-more#sha256-rsa-MGF1 (RFC 6931) in XML-DSig. pkcs7,
// which the cms code builds on, knows no PSS: the SignerInfo is labelled
// and every signature value is checked by this package with crypto/rsa and
// crypto/ecdsa, over the signed attributes as received.
//
// # What Verify checks
//
// The structure of the SignedData (one signer, detached, content type id-data,
// at most 1 MiB), the algorithms (SHA-256/384/512 with RSASSA-PSS or RSA
// PKCS #1 v1.5 of at least Policy.MinRSABits or ECDSA of at least 256 bits,
// within Policy.Algorithms and Policy.Profile; SHA-1, MD5, short keys and a signature
// algorithm whose hash is not the digest algorithm's are refused), the
// message digest, the signature value, a time-stamp token if any, the
// signer's chain to Policy.Roots — never the system's roots — at
// Policy.Now (or the token's time), the key usage digitalSignature or
// nonRepudiation, revocation when Policy.Revocation is set, and that the
// signer is the sender (Policy.MatchSigner, by default MatchAgencyCode: an
// agency code in the certificate's subject UID, OU or serialNumber or in a
// SAN URI urn:vn:gov:madinhdanh:<code> equals MaDonViGui).
//
// The chain is checked at the verifier's clock, not at the signing-time
// attribute, which only the signer asserts; that attribute must fall within
// the signer's validity and is returned as Verified.SignedAt.
//
// # Time-stamps
//
// WithTimeStamper(ts) adds to a JSON packet's SignerInfo an RFC 3161
// time-stamp token over the signature value (unsigned attribute
// id-aa-timeStampToken), from a TSAClient (HTTP POST of
// application/timestamp-query to the URL it is given, and nothing else) or
// any TimeStamper. When a signature carries a token, Verify checks it — at
// most 64 KiB, one signer whose certificate is in the token, content type
// id-ct-TSTInfo, its digest and signature, the default algorithms, its
// message imprint equal to the hash of the signature value
// (ErrDigestMismatch otherwise), the TSA's certificate for time-stamping
// alone with a critical extended key usage (RFC 3161 §2.3) and chained to
// Policy.TSARoots (default Policy.Roots) at Policy.Now, its time within the
// TSA's validity and not after Policy.Now — and then checks the signer's
// chain at the token's time, returned as Verified.TimeStampedAt: a packet
// signed before the signer's certificate expired still verifies after. A
// token that does not verify fails the packet, with ErrTimeStamp beside the
// sentinel of what failed. Without a token nothing changes. The TSA's own
// certificate is checked at Policy.Now, not at the token's time, so a
// token is good for as long as its TSA is trusted; re-stamping for longer
// archival is out of scope.
//
// # Revocation
//
// Policy.Revocation, a RevocationChecker, is asked about the signer's
// certificate and each intermediate of the verified chain; a revoked one
// is ErrRevoked (R-SIG-003), whatever its revocation time, time-stamp or
// not. RevocationClient asks the OCSP responder of the certificate's AIA
// (POST) and falls back on its CRL distribution points, verifies every
// answer against the issuer (or a responder it delegated to), checks that
// it is current, and keeps it until its nextUpdate. It makes network
// requests only through the *http.Client it is configured with; with none,
// or when no answer can be had, SoftFail accepts and HardFail refuses with
// ErrRevocationUnknown (R-SIG-003).
//
// # XML packets: enveloped XML-DSig
//
// Sign and Verify take an XML packet (input starting with '<') as well
// (docs/guide/en/05-signing.md#what-is-signed). Sign returns the XML declaration and the Exclusive
// XML Canonicalization (exc-c14n without comments; see Canonical) of the
// packet, with one ds:Signature added as the last child of the root GoiTin:
// one Reference URI="", transforms enveloped-signature then exc-c14n, digest
// SHA-256, CanonicalizationMethod exc-c14n, SignatureMethod of the signer's
// Algorithm (rsa-sha256, sha256-rsa-MGF1, ecdsa-sha256 with r||s, not DER,
// and their -384/-512 forms), and KeyInfo/X509Data with the signer's
// certificate then its intermediates. `xmlsec1 --verify` accepts it, but
// for RSASSA-PSS, the default of an RSA key, which needs xmlsec1 1.3 or
// later: with xmlsec1 1.2 (Debian's 1.2.37) a receiver checks an ECDSA
// signature, or the SignatureValue of a PSS one with `openssl dgst
// -sigopt rsa_padding_mode:pss`. Verify accepts what `xmlsec1 --sign`
// makes from the same template.
//
// Verify takes that profile and nothing else. It refuses as ErrWrapping a
// second ds:Signature anywhere, a ds:Signature that is not the root's last
// child, a second GoiTin, an XML-DSig element outside the signature, a
// Reference other than the one URI="", other or more transforms, inclusive
// or commented canonicalisation, InclusiveNamespaces, a ds:Object, and a
// DOCTYPE; other malformation (a processing instruction, an attribute in
// the packet, an unbound prefix, a bad base64 value) is ErrMalformed, and a
// signature or digest method outside the allow-list (rsa-/ecdsa-sha256,
// -384, -512, sha256/384/512-rsa-MGF1; digest SHA-256) or outside
// Policy.Algorithms is ErrWeakAlgorithm. The chain, key usage, revocation,
// key size and signer-is-sender checks are the JSON ones. The packet
// returned is the packet of the canonical bytes that were digested
// (Verified.Canonical), never of the input's tree: the input is read once,
// and the packet is bound from the very tokens those bytes are written
// from, so that what the canonical form leaves out (comments, the
// signature, the XML declaration) never reaches it, and comments cannot
// hide part of a value. Verified.Packet.Signature is
// {Format: "XMLDSIG", Value: the base64 SignatureValue}, and SignedAt is
// zero (XML-DSig has no signing time). Rule maps a verification error to
// its rule (R-SIG-001 to R-SIG-005).
//
// # Testing
//
// The package signingtest makes a test PKI: agency certificates of every
// key type (RSA2048, RSAPSS, ECDSAP256, ECDSAP384) and with defects, a
// time-stamp authority (PKI.TSA, a TimeStamper and an http.Handler), and
// revocation (PKI.Revoke, with an OCSP responder and CRLs served in memory
// by PKI.RevocationClient).
package signing
