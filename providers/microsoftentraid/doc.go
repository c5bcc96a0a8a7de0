// Package microsoftentraid is the code of the "Sign in with Microsoft Entra
// ID" (formerly Azure AD) service (OpenID Connect, id "microsoft-entra-id"):
// Service, which providers/services lists as services.MicrosoftEntraID, and
// New for another tenant.
//
// Defaults: tenant "common" (work, school and personal accounts), so issuer
// https://login.microsoftonline.com/common/v2.0; scopes "openid profile
// email User.Read"; endpoints from the tenant's discovery document; PKCE
// S256 and nonce. Configuration not given in code is read through
// Options.Getenv: AUTH_MICROSOFT_ENTRA_ID_ID, AUTH_MICROSOFT_ENTRA_ID_SECRET
// and AUTH_MICROSOFT_ENTRA_ID_ISSUER (which wins over Tenant).
//
// For the multi-tenant issuers ("common", "organizations", "consumers") the
// ID token's issuer is the user's own tenant's; it is accepted only when it
// is https://login.microsoftonline.com/{tid}/v2.0 for the token's "tid"
// claim (and, for "organizations" and "consumers", when tid is of the right
// kind). See VerifyTenantIssuer.
//
// Entra's "email" claim is not verified by Microsoft, so EmailVerified is
// true only when the optional "xms_edov" (email domain owner verified)
// claim says so. The profile image is not fetched (it needs Microsoft
// Graph).
package microsoftentraid
