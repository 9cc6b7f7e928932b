"""marshmallow schemas: the dataset metadata profile and the API's input and output shapes."""
