// Starts Swagger UI on /api/docs (a static file: the Content-Security-Policy allows no inline
// script). The page names the OpenAPI document in data-spec-url.
window.addEventListener("load", function () {
  "use strict";
  var container = document.getElementById("swagger-ui-container");
  window.ui = SwaggerUIBundle({
    url: container.dataset.specUrl,
    dom_id: "#swagger-ui-container",
    validatorUrl: null
  });
});
