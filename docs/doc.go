// Package docs holds the vendor's guide (docs/guide, in English and
// Vietnamese) and the rule catalogue (rules.md). It has no API: its tests run
// every shell command of the guide and its examples are the guide's Go code,
// so that what the guide shows works as written.
package docs
