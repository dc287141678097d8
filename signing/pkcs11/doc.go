// Package pkcs11 signs with a key that never leaves a PKCS #11 token or HSM:
// the USB token or the hardware security module an agency's certificate
// was issued on (Khóa bí mật trên thiết bị ký số).
//
// Open loads the token's driver (the PKCS #11 module, a shared library
// from the token's vendor), finds the token by its label, logs in with the
// user PIN and finds the private key by its label. The Key is a
// crypto.Signer, which signing.NewSigner takes like any other key; the
// algorithm is chosen as for a key in a file (Circular 15/2025/TT-BKHCN:
// RSASSA-PSS for an RSA key, ECDSA for an ECDSA key), and the token must
// support it (CKM_RSA_PKCS_PSS, CKM_ECDSA):
//
//	key, err := pkcs11.Open(pkcs11.Config{
//		Module:     "/usr/lib/x86_64-linux-gnu/libeToken.so",
//		TokenLabel: "DON VI H29",
//		KeyLabel:   "ky so 2026",
//		PIN:        pin, // read from a file or the environment, never a command line
//	})
//	if err != nil {
//		return err
//	}
//	defer key.Close()
//	chain := append([]*x509.Certificate{key.Certificate()}, intermediates...)
//	signer, err := signing.NewSigner(key, chain)
//
// A Key is safe for concurrent use: it signs through a pool of sessions
// with the token (Config.MaxSessions), so an uploader signing several
// packets at once waits for a free session rather than failing.
//
// The package calls the module through cgo; it is the only package of the
// module that does. Built without cgo (CGO_ENABLED=0), Open returns
// ErrNoCgo.
package pkcs11
