// Swagger UI over Truce's own OpenAPI document; no validator badge (it would call a remote host).
"use strict";
window.ui = SwaggerUIBundle({
  url: "/api/v1/openapi.json",
  dom_id: "#swagger-ui",
  validatorUrl: "none",
  deepLinking: true,
});
