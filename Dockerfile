FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md requirements.lock ./
COPY catalog ./catalog
COPY schemas ./schemas
COPY harvesters ./harvesters
RUN pip install --no-cache-dir -c requirements.lock .
ENV CATALOG_HOST=0.0.0.0 CATALOG_DATA_DIR=/data
EXPOSE 5000
CMD ["sh", "-c", "catalog init && catalog serve"]
