// The OpenID Connect provider of the SSO browser test: panva's oidc-provider with its development
// login form (any login name signs in; the name is the identity's preferred_username and the
// local part of its e-mail). Started as `node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI`.
import Provider from "oidc-provider";

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const issuer = `http://localhost:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [new URL(redirectUri).origin + "/"],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "preferred_username"],
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: `${id}@sso.example.org`, email_verified: true, name: id, preferred_username: id };
      },
    };
  },
  // The claims of the granted scopes go into the ID token itself, as Keycloak and most office
  // identity providers put them: Streamlit reads the identity from the ID token.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
});
provider.listen(Number(port), () => console.log(`oidc-provider listening on ${issuer}`));
