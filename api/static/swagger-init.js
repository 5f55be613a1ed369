// Swagger UI over this server's OpenAPI, from vendored files; no validator badge (it would
// call validator.swagger.io, which an intranet cannot reach).
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  validatorUrl: null,
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
